using System.Text.RegularExpressions;

namespace ContainerStages.NpmCredentials;

/// <summary>
/// An .npmrc as npm reads it: key=value lines, ';' and '#' comments, ${VARIABLE} references (npm's
/// own syntax; ${VARIABLE?} is empty when unset) expanded from the environment.
/// </summary>
internal static partial class NpmRcFile
{
    public static IReadOnlyList<(string Key, string RawValue)> Read(string path)
    {
        var entries = new List<(string, string)>();
        if (!File.Exists(path))
        {
            return entries;
        }

        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is ';' or '#' or '[')
            {
                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            string value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            entries.Add((line[..equals].Trim(), value));
        }

        return entries;
    }

    /// <returns>The value with its references expanded; null when a required variable is unset.</returns>
    public static string? Expand(string value, Func<string, string?> variable)
    {
        bool missing = false;
        string expanded = Reference().Replace(value, match =>
        {
            string? found = variable(match.Groups["name"].Value);
            if (found is null && !match.Groups["optional"].Success)
            {
                missing = true;
            }

            return found ?? string.Empty;
        });
        return missing ? null : expanded;
    }

    /// <summary>The names of the variables a value refers to.</summary>
    public static IEnumerable<string> References(string value) => Reference().Matches(value).Select(m => m.Groups["name"].Value);

    [GeneratedRegex(@"(?<!\\)\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<optional>\?)?\}")]
    private static partial Regex Reference();
}
