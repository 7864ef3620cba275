using System.Text.RegularExpressions;

namespace ContainerStages.SourceControl;

/// <summary>
/// Reads the remote URL and the HEAD commit straight from a <c>.git</c> folder, without running git
/// (which the build machine may not have), the way SourceLink's repository locator does: a
/// <c>.git</c> file (worktree, submodule) points at the real git directory, and a worktree's refs
/// live in the common directory it names.
/// </summary>
internal static partial class GitRepositoryReader
{
    /// <summary>The working tree that holds <paramref name="directory"/>, or null outside any.</summary>
    public static GitRepositoryInfo? Read(string directory)
    {
        for (var current = new DirectoryInfo(Path.GetFullPath(directory)); current is not null; current = current.Parent)
        {
            string dotGit = Path.Combine(current.FullName, ".git");
            string? gitDirectory = Directory.Exists(dotGit) ? dotGit : File.Exists(dotGit) ? ReadGitDirLink(dotGit, current.FullName) : null;
            if (gitDirectory is not null && File.Exists(Path.Combine(gitDirectory, "HEAD")))
            {
                string commonDirectory = ReadCommonDirectory(gitDirectory);
                string? head = ReadHead(gitDirectory, commonDirectory);
                var headTime = head is null ? null : GitCommitTimeReader.Read(commonDirectory, current.FullName, head);
                return new GitRepositoryInfo(current.FullName, ReadRemoteUrl(commonDirectory), head, headTime)
                {
                    ConfigFile = Path.Combine(commonDirectory, "config"),
                };
            }
        }

        return null;
    }

    private static string? ReadGitDirLink(string dotGitFile, string workingDirectory)
    {
        string text = ReadText(dotGitFile)?.Trim() ?? string.Empty;
        if (!text.StartsWith("gitdir:", StringComparison.Ordinal))
        {
            return null;
        }

        string target = text["gitdir:".Length..].Trim();
        return Path.GetFullPath(Path.Combine(workingDirectory, target));
    }

    private static string ReadCommonDirectory(string gitDirectory)
    {
        string? common = ReadText(Path.Combine(gitDirectory, "commondir"))?.Trim();
        return string.IsNullOrEmpty(common) ? gitDirectory : Path.GetFullPath(Path.Combine(gitDirectory, common));
    }

    private static string? ReadHead(string gitDirectory, string commonDirectory)
    {
        string? head = ReadText(Path.Combine(gitDirectory, "HEAD"))?.Trim();
        for (int depth = 0; head is not null && depth < 10; depth++)
        {
            if (!head.StartsWith("ref:", StringComparison.Ordinal))
            {
                return IsCommitId(head) ? head.ToLowerInvariant() : null;
            }

            string reference = head["ref:".Length..].Trim();

            // HEAD and per-worktree refs live in the worktree's git directory; branches in the common one.
            head = ReadText(Path.Combine(gitDirectory, reference))?.Trim()
                ?? ReadText(Path.Combine(commonDirectory, reference))?.Trim()
                ?? ReadPackedRef(commonDirectory, reference);
        }

        return null;
    }

    private static string? ReadPackedRef(string commonDirectory, string reference)
    {
        string? packed = ReadText(Path.Combine(commonDirectory, "packed-refs"));
        foreach (string line in packed?.Split('\n') ?? [])
        {
            // "<sha> <ref>"; lines starting with '#' are headers and '^' peels the tag above.
            string trimmed = line.Trim();
            int space = trimmed.IndexOf(' ');
            if (space > 0 && !trimmed.StartsWith('#') && !trimmed.StartsWith('^') && trimmed[(space + 1)..] == reference)
            {
                return trimmed[..space];
            }
        }

        return null;
    }

    /// <summary>The URL of [remote "origin"], else of the first remote with one, from the git config file.</summary>
    internal static string? ReadRemoteUrl(string commonDirectory)
    {
        string? config = ReadText(Path.Combine(commonDirectory, "config"));
        if (config is null)
        {
            return null;
        }

        string? section = null;
        string? first = null;
        foreach (string rawLine in config.Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.StartsWith('['))
            {
                var match = RemoteSection().Match(line);
                section = match.Success ? match.Groups["name"].Value : null;
                continue;
            }

            var url = UrlEntry().Match(line);
            if (section is not null && url.Success)
            {
                string value = url.Groups["value"].Value.Trim().Trim('"');
                if (section == "origin")
                {
                    return value;
                }

                first ??= value;
            }
        }

        return first;
    }

    private static bool IsCommitId(string value) =>
        value.Length is 40 or 64 && value.All(char.IsAsciiHexDigit);

    private static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A repository the build cannot read gives no labels; it is no reason to fail the build.
            return null;
        }
    }

    [GeneratedRegex("""^\[\s*remote\s+"(?<name>[^"]*)"\s*\]$""")]
    private static partial Regex RemoteSection();

    [GeneratedRegex("""^url\s*=\s*(?<value>.*)$""", RegexOptions.IgnoreCase)]
    private static partial Regex UrlEntry();
}
