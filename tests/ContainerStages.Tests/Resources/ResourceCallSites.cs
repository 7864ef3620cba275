using System.Text.RegularExpressions;

namespace ContainerStages.Tests.Resources;

/// <summary>How a resource is used: as the message of a thrown error, or as a logged message or warning.</summary>
internal enum ResourceUse
{
    Error,
    Message,
}

/// <summary>One place in the sources that names a resource; <see cref="ArgumentCount"/> is null where it cannot be told.</summary>
internal sealed record ResourceCallSite(string Name, ResourceUse Use, int? ArgumentCount, string File, int Line)
{
    public override string ToString() => $"{Path.GetFileName(File)}({Line}): {Name}";
}

/// <summary>
/// Finds the calls that pass a resource name as a string literal, with their argument counts:
/// <c>new ContainerStagesException("Name", args...)</c>, <c>LogMessageFromResources([importance,] "Name", args...)</c>,
/// the tasks' <c>LogWarning("Name", file, line, args...)</c> and MSBuild's other <c>*FromResources</c> helpers.
/// A small scanner, not a C# parser: it splits arguments at top-level commas and skips string,
/// character and comment text, which is enough for call sites written in the usual style.
/// </summary>
internal static partial class ResourceCallSites
{
    [GeneratedRegex(@"\bnew\s+ContainerStagesException\s*\(")]
    private static partial Regex ExceptionCall();

    [GeneratedRegex(@"\b(?<method>LogMessageFromResources|LogErrorFromResources|LogWarningFromResources|FormatResourceString|LogWarning)\s*\(")]
    private static partial Regex LogCall();

    [GeneratedRegex(@"^""(?<name>[A-Za-z_][A-Za-z0-9_]*)""$")]
    private static partial Regex IdentifierLiteral();

    [GeneratedRegex(@"""(?<name>[A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial Regex AnyIdentifierLiteral();

    public static IEnumerable<string> SourceFiles(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .Order(StringComparer.Ordinal);

    public static List<ResourceCallSite> Find(string root)
    {
        var sites = new List<ResourceCallSite>();
        foreach (string file in SourceFiles(root))
        {
            sites.AddRange(FindInText(File.ReadAllText(file), file));
        }

        return sites;
    }

    public static List<ResourceCallSite> FindInText(string text, string file = "source.cs")
    {
        var sites = new List<ResourceCallSite>();
        foreach (Match call in ExceptionCall().Matches(text))
        {
            var arguments = CSharpArguments.Split(text, call.Index + call.Length);
            if (arguments.Count > 0 && IdentifierLiteral().Match(arguments[0]) is { Success: true } name)
            {
                sites.Add(new ResourceCallSite(name.Groups["name"].Value, ResourceUse.Error, arguments.Count - 1, file, LineOf(text, call.Index)));
            }
        }

        foreach (Match call in LogCall().Matches(text))
        {
            var arguments = CSharpArguments.Split(text, call.Index + call.Length);
            string method = call.Groups["method"].Value;
            int nameIndex = method == "LogWarning"
                ? (arguments.Count > 0 && IdentifierLiteral().IsMatch(arguments[0]) ? 0 : -1)
                : arguments.FindIndex(a => IdentifierLiteral().IsMatch(a));
            if (nameIndex < 0 || nameIndex > 1)
            {
                continue;
            }

            // The tasks' LogWarning(name, file, line, params args); the others take (…, name, params args).
            int leading = method == "LogWarning" ? 3 : nameIndex + 1;
            var use = method == "LogErrorFromResources" ? ResourceUse.Error : ResourceUse.Message;
            int? count = method == "FormatResourceString" ? null : arguments.Count - leading;
            sites.Add(new ResourceCallSite(IdentifierLiteral().Match(arguments[nameIndex]).Groups["name"].Value, use, count, file, LineOf(text, call.Index)));
        }

        return sites;
    }

    /// <summary>Every identifier-like string literal in the sources: a resource name passed on indirectly still counts as used.</summary>
    public static HashSet<string> IdentifierLiterals(string root) =>
        SourceFiles(root)
            .SelectMany(f => AnyIdentifierLiteral().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups["name"].Value)
            .ToHashSet(StringComparer.Ordinal);

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;
}
