using System.Text.RegularExpressions;

namespace ContainerStages.Dockerfile;

/// <summary>
/// The ARGs declared before the first FROM: the only variables a FROM line can read. A build
/// argument overrides one only when it is declared; one without a default and without an argument
/// leaves the word unknown, as BuildKit would leave it empty.
/// </summary>
internal static partial class DockerfileGlobalArguments
{
    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|\$(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();

    /// <summary>Adds the declarations of one ARG instruction, with their defaults (null when none).</summary>
    public static void Declare(DockerfileInstruction argument, Dictionary<string, string?> globals)
    {
        foreach (string declaration in argument.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = declaration.Split('=', 2);
            globals[parts[0]] = parts.Length > 1 ? parts[1].Trim('"') : null;
        }
    }

    /// <param name="buildArgs">The build's arguments; null for the defaults alone.</param>
    /// <returns>The word with its variables replaced, or null when one of them has no value.</returns>
    public static string? Expand(string word, IReadOnlyDictionary<string, string?> globals, IReadOnlyDictionary<string, string>? buildArgs)
    {
        bool unknown = false;
        string expanded = Variable().Replace(word, match =>
        {
            string name = match.Groups["name"].Value;
            if (buildArgs is not null && buildArgs.TryGetValue(name, out string? value) && globals.ContainsKey(name))
            {
                return value;
            }

            if (globals.TryGetValue(name, out string? fallback) && fallback is not null)
            {
                return fallback;
            }

            unknown = true;
            return match.Value;
        });
        return unknown ? null : expanded;
    }
}
