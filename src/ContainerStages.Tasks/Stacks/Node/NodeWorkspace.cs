using System.Text.Json;
using System.Text.RegularExpressions;
using ContainerStages.Context;

namespace ContainerStages.Stacks.Node;

/// <summary>
/// The npm, Yarn or pnpm workspace (monorepo) an app is a member of: its root holds the lock file
/// that pins every member's dependencies, so the install reads the root's package.json and lock file
/// and every member's package.json, and the app is one folder inside it.
/// </summary>
/// <param name="RootDirectory">The folder of the workspace's root package.json.</param>
/// <param name="Members">Every member folder relative to the root, '/'-separated, sorted.</param>
internal sealed partial record NodeWorkspace(string RootDirectory, IReadOnlyList<string> Members)
{
    private static readonly EnumerationOptions Folders = new() { AttributesToSkip = FileAttributes.ReparsePoint, RecurseSubdirectories = false };

    /// <summary>
    /// The nearest workspace above <paramref name="appDirectory"/> that lists it as a member, looked
    /// for up to the top of its git working tree; null when there is none.
    /// </summary>
    public static NodeWorkspace? Find(string appDirectory)
    {
        string app = Path.TrimEndingDirectorySeparator(Path.GetFullPath(appDirectory));
        for (var current = Directory.GetParent(app); current is not null; current = current.Parent)
        {
            if (Patterns(current.FullName) is { Count: > 0 } patterns)
            {
                string relative = ContextPaths.Relative(current.FullName, app);
                var members = Expand(current.FullName, patterns);
                return members.Contains(relative, StringComparer.Ordinal) ? new NodeWorkspace(current.FullName, members) : null;
            }

            if (Directory.Exists(Path.Combine(current.FullName, ".git")) || File.Exists(Path.Combine(current.FullName, ".git")))
            {
                break;
            }
        }

        return null;
    }

    /// <summary>package.json's "workspaces" (a list, or Yarn's { "packages": [...] }), else pnpm-workspace.yaml's packages.</summary>
    internal static IReadOnlyList<string> Patterns(string directory)
    {
        string packageJson = Path.Combine(directory, "package.json");
        if (File.Exists(packageJson))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(packageJson), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("workspaces", out var workspaces))
                {
                    var list = workspaces.ValueKind == JsonValueKind.Object && workspaces.TryGetProperty("packages", out var packages) ? packages : workspaces;
                    if (list.ValueKind == JsonValueKind.Array)
                    {
                        return list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
                    }
                }
            }
            catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException)
            {
                // A broken package.json above the app is no workspace of it; the app's own is checked where it is read.
            }
        }

        string pnpmWorkspace = Path.Combine(directory, "pnpm-workspace.yaml");
        if (!File.Exists(pnpmWorkspace))
        {
            return [];
        }

        // The one list pnpm reads: "packages:" then "  - 'apps/*'" lines.
        var patterns = new List<string>();
        bool inPackages = false;
        foreach (string raw in File.ReadAllLines(pnpmWorkspace))
        {
            string line = raw.Split('#')[0].TrimEnd();
            if (line.Length == 0)
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]) && !line.StartsWith('-'))
            {
                inPackages = line.StartsWith("packages:", StringComparison.Ordinal);
                continue;
            }

            if (inPackages && ListItem().Match(line) is { Success: true } item)
            {
                patterns.Add(item.Groups["value"].Value);
            }
        }

        return patterns;
    }

    /// <summary>The folders with a package.json that the patterns name ('apps/*', 'packages/**', 'tools/cli'; '!' excludes).</summary>
    internal static IReadOnlyList<string> Expand(string root, IReadOnlyList<string> patterns)
    {
        var members = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string pattern in patterns.Where(p => !p.StartsWith('!')))
        {
            foreach (string folder in Match(root, pattern.Trim().Replace('\\', '/').Trim('/').Split('/'), 0, string.Empty))
            {
                if (File.Exists(Path.Combine(root, folder, "package.json")))
                {
                    members.Add(folder);
                }
            }
        }

        foreach (string pattern in patterns.Where(p => p.StartsWith('!')))
        {
            var exclude = Glob(pattern[1..].Trim().Replace('\\', '/').Trim('/'));
            members.RemoveWhere(m => exclude.IsMatch(m));
        }

        return members.ToList();
    }

    private static IEnumerable<string> Match(string root, string[] segments, int index, string prefix)
    {
        if (index == segments.Length)
        {
            yield return prefix;
            yield break;
        }

        string segment = segments[index];
        string directory = Path.Combine(root, prefix);
        if (segment is "." or "")
        {
            foreach (string found in Match(root, segments, index + 1, prefix))
            {
                yield return found;
            }

            yield break;
        }

        if (!segment.Contains('*') && !segment.Contains('?'))
        {
            if (Directory.Exists(Path.Combine(directory, segment)))
            {
                foreach (string found in Match(root, segments, index + 1, Join(prefix, segment)))
                {
                    yield return found;
                }
            }

            yield break;
        }

        if (segment == "**")
        {
            foreach (string found in Match(root, segments, index + 1, prefix))
            {
                yield return found;
            }
        }

        var matcher = Glob(segment == "**" ? "*" : segment);
        foreach (string child in Directory.Exists(directory) ? Directory.EnumerateDirectories(directory, "*", Folders) : [])
        {
            string name = Path.GetFileName(child);
            if (name == "node_modules" || name.StartsWith('.') || !matcher.IsMatch(name))
            {
                continue;
            }

            foreach (string found in Match(root, segments, segment == "**" ? index : index + 1, Join(prefix, name)))
            {
                yield return found;
            }
        }
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "/" + name;

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"^\s*-\s*(?<quote>['""]?)(?<value>[^'""]+)\k<quote>\s*$")]
    private static partial Regex ListItem();
}
