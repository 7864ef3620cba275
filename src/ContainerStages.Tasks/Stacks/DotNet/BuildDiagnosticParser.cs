using System.Globalization;
using System.Text.RegularExpressions;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// Finds canonical MSBuild diagnostics ("file(line,col): error CS1002: ; expected [project]") in the
/// output of a failed build step, so they reach the MSBuild log as the user's own errors, at the
/// user's own files: Visual Studio's error list then jumps to the source, not to /src in a container.
/// </summary>
internal static partial class BuildDiagnosticParser
{
    [GeneratedRegex(@"^\s*(?:#\d+\s+\d+(?:\.\d+)?\s+)?(?:\d+>)?(?<origin>.*?)(?:\((?<line>\d+)(?:,(?<column>\d+))?(?:,\d+,\d+)?\))?\s*:\s*(?<kind>error|warning)\s+(?<code>[A-Za-z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\[(?<project>[^\]]+)\])?\s*$")]
    private static partial Regex Canonical();

    /// <param name="lines">The step's output lines.</param>
    /// <param name="contextDirectory">The build context on this machine.</param>
    /// <param name="containerContextRoot">Where the context lies inside the container (the Dockerfile's WORKDIR), or null when unknown.</param>
    public static IReadOnlyList<BuildDiagnostic> Parse(IEnumerable<string> lines, string contextDirectory, string? containerContextRoot)
    {
        var found = new List<BuildDiagnostic>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            var match = Canonical().Match(line);
            if (!match.Success || !seen.Add(DedupeKey(match)))
            {
                // MSBuild repeats every error in its summary; one report each is enough.
                continue;
            }

            string origin = match.Groups["origin"].Value.Trim();
            found.Add(new BuildDiagnostic(
                match.Groups["kind"].Value == "error",
                match.Groups["code"].Value,
                match.Groups["message"].Value,
                origin.Length == 0 || origin.Equals("MSBUILD", StringComparison.OrdinalIgnoreCase) ? null : MapPath(origin, contextDirectory, containerContextRoot),
                Number(match.Groups["line"]),
                Number(match.Groups["column"])));
        }

        return found;
    }

    /// <summary>
    /// A container path under the context root maps to the same relative path on this machine; any
    /// other path is kept as printed (it names a file that exists only in the container).
    /// </summary>
    internal static string MapPath(string containerPath, string contextDirectory, string? containerContextRoot)
    {
        if (containerContextRoot is { Length: > 0 })
        {
            string root = containerContextRoot.TrimEnd('/') + "/";
            return containerPath.StartsWith(root, StringComparison.Ordinal)
                ? Path.Combine(contextDirectory, containerPath[root.Length..].Replace('/', Path.DirectorySeparatorChar))
                : containerPath;
        }

        // A Dockerfile the user owns may use any WORKDIR: take the longest tail of the path that
        // names an existing file in the context.
        string[] parts = containerPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int skip = 0; skip < parts.Length; skip++)
        {
            string candidate = Path.Combine([contextDirectory, .. parts[skip..]]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return containerPath;
    }

    private static string DedupeKey(Match match) =>
        $"{match.Groups["origin"].Value}|{match.Groups["line"].Value}|{match.Groups["column"].Value}|{match.Groups["code"].Value}|{match.Groups["message"].Value}";

    private static int Number(Group group) =>
        group.Success ? int.Parse(group.Value, CultureInfo.InvariantCulture) : 0;
}
