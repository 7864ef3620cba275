using System.Text.RegularExpressions;
using ContainerStages.Context;

namespace ContextBench;

/// <summary>
/// One .dockerignore over the generated repository, with an expectation of what it selects that is
/// written independently of the package's matcher (plain path-segment tests and a regular expression),
/// so the bytes check does not take the package's word for what should be sent.
/// </summary>
internal sealed partial class Scenario
{
    // What the default .dockerignore leaves out, as plain names: a path with any segment of these
    // names is excluded ("**/bin/" matches a file named bin too, as in Docker).
    private static readonly HashSet<string> DefaultExcludedSegments = new(StringComparer.Ordinal)
    {
        "bin", "obj", ".git", ".vs", ".vscode", ".idea", "node_modules", "TestResults", ".DS_Store", ".env", "secrets.json",
    };

    private static readonly string[] DefaultExcludedSuffixes = [".user", ".swp", ".binlog", ".pfx", ".p12", ".key"];

    private Scenario(string name, string description, string ignoreText, Func<string, bool, bool> isIncluded, string? tarExcludes)
    {
        Name = name;
        Description = description;
        IgnoreText = ignoreText;
        IsIncludedIndependently = isIncluded;
        TarExcludes = tarExcludes;
    }

    public string Name { get; }

    public string Description { get; }

    /// <summary>The .dockerignore written at the repository root for this scenario.</summary>
    public string IgnoreText { get; }

    /// <summary>(relative path, is a directory) → selected by the rules, decided without the package.</summary>
    public Func<string, bool, bool> IsIncludedIndependently { get; }

    /// <summary>GNU tar --exclude-from lines that select the same files, or null when tar's globs cannot express it.</summary>
    public string? TarExcludes { get; }

    public DockerIgnoreRules ParseRules() => DockerIgnoreRules.Parse(IgnoreText);

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new Scenario(
            "default",
            "the package's default .dockerignore (`DockerIgnoreDefaults.Text`)",
            DockerIgnoreDefaults.Text,
            IncludedByDefault,
            string.Join("\n", [.. DefaultExcludedSegments, .. DefaultExcludedSuffixes.Select(s => "*" + s), ".env.*", ""])),
        new Scenario(
            "publish-exception",
            "defaults + `!src/*/bin/Release/*/publish/`: the host-published output goes back in (walks into every src/*/bin/ and bin/Release/)",
            DockerIgnoreDefaults.Text + "\n# Send the output published on the host.\n!src/*/bin/Release/*/publish/\n",
            (path, isDirectory) => IncludedByDefault(path, isDirectory) || PublishOutput().IsMatch(path),
            null),
        new Scenario(
            "deep-exception",
            "defaults + `!**/node_modules/**/package.json`: an exception that can match at any depth, so every folder of node_modules/ is read and every path in it matched",
            DockerIgnoreDefaults.Text + "\n# Every package manifest, for a license scan in the image.\n!**/node_modules/**/package.json\n",
            (path, isDirectory) => IncludedByDefault(path, isDirectory) || (!isDirectory && PackageManifest().IsMatch(path)),
            null),
    ];

    private static bool IncludedByDefault(string path, bool isDirectory)
    {
        _ = isDirectory;
        foreach (string segment in path.Split('/'))
        {
            if (DefaultExcludedSegments.Contains(segment) || segment.StartsWith(".env.", StringComparison.Ordinal)
                || DefaultExcludedSuffixes.Any(s => segment.EndsWith(s, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^src/[^/]+/bin/Release/[^/]+/publish(/.*)?$")]
    private static partial Regex PublishOutput();

    [GeneratedRegex(@"^(.*/)?node_modules/(.*/)?package\.json$")]
    private static partial Regex PackageManifest();
}
