using System.IO.Enumeration;

namespace ContainerStages.Context;

/// <summary>
/// Lists what goes into a build context, lazily and in the order of the tar: paths sorted ordinally
/// (a directory sorts as its name plus "/"), each directory before its contents.
/// </summary>
/// <remarks>
/// <para>The .dockerignore at the root is always included, as the Docker CLI does. An excluded
/// directory is not read at all unless a later exception could re-include something below it; a
/// directory that is excluded but holds a re-included path is listed just before that path, as
/// BuildKit does, so every entry's directory comes first.</para>
/// <para>Symbolic links are listed as links and never followed, wherever they point.</para>
/// </remarks>
public static class BuildContextFileEnumerator
{
    /// <summary>The ignore file's name, always sent from the context root.</summary>
    public const string DockerIgnoreFileName = ".dockerignore";

    private const UnixFileMode DefaultFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode DefaultDirectoryMode = DefaultFileMode
        | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private const UnixFileMode SymbolicLinkMode = (UnixFileMode)0x1FF; // 0777, what tar and Go record for links

    private static readonly EnumerationOptions ListEverything = new()
    {
        // The default skips hidden entries, which on Unix means every dotfile.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Lists the context's entries in tar order.</summary>
    /// <exception cref="DirectoryNotFoundException">The context directory does not exist.</exception>
    public static IEnumerable<BuildContextEntry> Enumerate(
        string contextDirectory, DockerIgnoreRules rules, CancellationToken cancellationToken = default) =>
        Enumerate(contextDirectory, rules, onDirectoryRead: null, cancellationToken);

    /// <param name="onDirectoryRead">Told the relative path of each directory read, "" for the root: lets tests see what was skipped.</param>
    internal static IEnumerable<BuildContextEntry> Enumerate(
        string contextDirectory, DockerIgnoreRules rules, Action<string>? onDirectoryRead, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(contextDirectory);
        ArgumentNullException.ThrowIfNull(rules);
        var root = new DirectoryInfo(Path.GetFullPath(contextDirectory));
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"The build context directory {root.FullName} does not exist.");
        }

        var pendingDirectories = new List<BuildContextEntry>();
        return Walk(root.FullName, string.Empty, parentMatches: null,
            rules.WithAlwaysIncluded(DockerIgnoreFileName), pendingDirectories, onDirectoryRead, cancellationToken);
    }

    /// <param name="pendingDirectories">
    /// Excluded directories being read for a possible re-included path, outermost first; written out
    /// just before the first entry found below them.
    /// </param>
    private static IEnumerable<BuildContextEntry> Walk(
        string directory,
        string relativeDirectory,
        bool[]? parentMatches,
        DockerIgnoreRules rules,
        List<BuildContextEntry> pendingDirectories,
        Action<string>? onDirectoryRead,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        onDirectoryRead?.Invoke(relativeDirectory);
        int parentDecisive = DockerIgnoreRules.DecisiveIndex(parentMatches);

        foreach (var child in ReadSorted(directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string path = relativeDirectory.Length == 0 ? child.Name : relativeDirectory + "/" + child.Name;
            var kind = child.Kind;
            if (kind != BuildContextEntryKind.Directory)
            {
                if (rules.IsExcluded(path, parentDecisive) || TryCreateEntry(child, path) is not { } entry)
                {
                    continue;
                }

                foreach (var pending in Take(pendingDirectories))
                {
                    yield return pending;
                }

                yield return entry;
                continue;
            }

            bool[] matches = rules.MatchDirectory(path, parentMatches);
            bool excluded = rules.IsExcludedBy(matches);
            if ((excluded && !rules.MayContainIncludedFiles(path, matches)) || TryCreateEntry(child, path) is not { } directoryEntry)
            {
                continue;
            }

            int depth = pendingDirectories.Count;
            if (excluded)
            {
                pendingDirectories.Add(directoryEntry);
            }
            else
            {
                foreach (var pending in Take(pendingDirectories))
                {
                    yield return pending;
                }

                yield return directoryEntry;
            }

            foreach (var below in Walk(child.FullPath, path, matches, rules, pendingDirectories, onDirectoryRead, cancellationToken))
            {
                yield return below;
            }

            if (pendingDirectories.Count > depth)
            {
                // Nothing below the excluded directory was included: it stays out.
                pendingDirectories.RemoveRange(depth, pendingDirectories.Count - depth);
            }
        }
    }

    private static BuildContextEntry[] Take(List<BuildContextEntry> pendingDirectories)
    {
        if (pendingDirectories.Count == 0)
        {
            return [];
        }

        var pending = pendingDirectories.ToArray();
        pendingDirectories.Clear();
        return pending;
    }

    /// <summary>A directory's child as listed: nothing is stat'ed until the rules keep it.</summary>
    /// <param name="Kind">Directory or symbolic link for sure; File may still turn out to be a link (told apart by <see cref="TryCreateEntry"/>).</param>
    private readonly record struct Child(string Name, string FullPath, BuildContextEntryKind Kind, FileSystemInfo? Info);

    private static List<Child> ReadSorted(string directory)
    {
        var children = new List<(Child Child, string SortKey)>();
        try
        {
            // The directory entry's type (d_type) says "directory" without a stat; only folders pay an
            // lstat here, to tell a link to a folder from a folder. Files are stat'ed once kept.
            var listed = new FileSystemEnumerable<Child>(directory, static (ref FileSystemEntry entry) =>
            {
                if (!entry.IsDirectory)
                {
                    return new Child(entry.FileName.ToString(), entry.ToFullPath(), BuildContextEntryKind.File, null);
                }

                if ((entry.Attributes & FileAttributes.ReparsePoint) == 0)
                {
                    return new Child(entry.FileName.ToString(), entry.ToFullPath(), BuildContextEntryKind.Directory, null);
                }

                var info = entry.ToFileSystemInfo();
                return new Child(info.Name, info.FullName, KindOf(info), info);
            }, ListEverything);
            foreach (var child in listed)
            {
                // Sorting "name/" for directories puts siblings in the order of their full tar paths.
                children.Add((child, child.Kind == BuildContextEntryKind.Directory ? child.Name + "/" : child.Name));
            }
        }
        catch (DirectoryNotFoundException) when (children.Count == 0)
        {
            // Deleted since its parent was listed: nothing to send.
        }

        children.Sort((a, b) => string.CompareOrdinal(a.SortKey, b.SortKey));
        return children.ConvertAll(c => c.Child);
    }

    private static BuildContextEntryKind KindOf(FileSystemInfo info)
    {
        if ((info.Attributes & FileAttributes.ReparsePoint) != 0 && info.LinkTarget is not null)
        {
            return BuildContextEntryKind.SymbolicLink;
        }

        return info is DirectoryInfo ? BuildContextEntryKind.Directory : BuildContextEntryKind.File;
    }

    private static BuildContextEntry? TryCreateEntry(Child child, string path)
    {
        try
        {
            var info = child.Info ?? (child.Kind == BuildContextEntryKind.Directory ? new DirectoryInfo(child.FullPath) : new FileInfo(child.FullPath));
            var kind = child.Kind == BuildContextEntryKind.File ? KindOf(info) : child.Kind;
            return CreateEntry(info, kind, path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Deleted since the directory was listed (an editor's temporary file): the Docker CLI
            // skips such files too.
            return null;
        }
    }

    private static BuildContextEntry CreateEntry(FileSystemInfo info, BuildContextEntryKind kind, string path)
    {
        var lastWrite = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        lastWrite = lastWrite < DateTimeOffset.UnixEpoch
            ? DateTimeOffset.UnixEpoch
            : DateTimeOffset.FromUnixTimeSeconds(lastWrite.ToUnixTimeSeconds());

        return kind switch
        {
            BuildContextEntryKind.SymbolicLink => new BuildContextEntry(
                path, info.FullName, kind, 0, NormalizeLinkTarget(info.LinkTarget!), SymbolicLinkMode, lastWrite),
            BuildContextEntryKind.Directory => new BuildContextEntry(
                path, info.FullName, kind, 0, null, ModeOf(info, DefaultDirectoryMode), lastWrite),
            _ => new BuildContextEntry(
                path, info.FullName, kind, ((FileInfo)info).Length, null, ModeOf(info, DefaultFileMode), lastWrite),
        };
    }

    private static UnixFileMode ModeOf(FileSystemInfo info, UnixFileMode windowsDefault) =>
        OperatingSystem.IsWindows() ? windowsDefault : info.UnixFileMode;

    private static string NormalizeLinkTarget(string target) =>
        // A Windows link target uses "\"; the Linux builder needs "/".
        OperatingSystem.IsWindows() ? target.Replace('\\', '/') : target;
}
