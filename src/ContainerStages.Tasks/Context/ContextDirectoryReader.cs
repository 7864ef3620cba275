using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace ContainerStages.Context;

/// <summary>
/// Reads the directories of a build context ahead of the walk, on a few threads of its own: lists each
/// one, applies the rules to its children, stats what they keep, and queues the subdirectories the
/// walk will go into, the next one in tar order first.
/// </summary>
/// <remarks>
/// A deep exception (<c>!**/node_modules/**/package.json</c>) makes a walk read thousands of
/// directories; one after the other, the time is mostly spent waiting on each read, which threads
/// overlap (and the tar is written meanwhile). The rules are immutable, so they are shared.
/// </remarks>
internal sealed class ContextDirectoryReader : IDisposable
{
    private const UnixFileMode DefaultFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode DefaultDirectoryMode = DefaultFileMode
        | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private const UnixFileMode SymbolicLinkMode = (UnixFileMode)0x1FF; // 0777, what tar and Go record for links

    // More readers than cores only queue on the same locks in the file system.
    private static readonly int ReaderCount = Math.Clamp(Environment.ProcessorCount, 1, 4);

    private static readonly EnumerationOptions ListEverything = new()
    {
        // The default skips hidden entries, which on Unix means every dotfile.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    private static bool s_symbolicLinkAccessorMissing;

    private readonly DockerIgnoreRules _rules;
    private readonly CancellationTokenSource _stop;

    // Taken once: readers may still look at it after Dispose.
    private readonly CancellationToken _token;
    private readonly CancellationTokenRegistration _wakeOnStop;
    private readonly object _gate = new();
    private readonly Stack<ContextDirectory> _queue = new();
    private int _unread;

    public ContextDirectoryReader(string root, DockerIgnoreRules rules, CancellationToken cancellationToken)
    {
        _rules = rules;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _token = _stop.Token;
        _wakeOnStop = _token.Register(WakeEveryone);
        Root = new ContextDirectory(root, string.Empty, null);
        _queue.Push(Root);
        _unread = 1;
        for (int i = 0; i < ReaderCount; i++)
        {
            new Thread(ReadUntilDone) { IsBackground = true, Name = "ContainerStages context reader" }.Start();
        }
    }

    public ContextDirectory Root { get; }

    /// <summary>Blocks until the directory was read; throws what reading it threw.</summary>
    public void WaitUntilRead(ContextDirectory directory)
    {
        lock (_gate)
        {
            while (!directory.IsRead)
            {
                _token.ThrowIfCancellationRequested();
                Monitor.Wait(_gate);
            }
        }

        _token.ThrowIfCancellationRequested();
        if (directory.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    public void Dispose()
    {
        // The walk is over (or abandoned): readers still busy stop at their next directory.
        _stop.Cancel();
        _wakeOnStop.Dispose();
        _stop.Dispose();
    }

    private void WakeEveryone()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    private void ReadUntilDone()
    {
        var probe = new FileTypeProbe();
        var token = _token;
        while (true)
        {
            ContextDirectory directory;
            lock (_gate)
            {
                while (_queue.Count == 0 && _unread > 0 && !token.IsCancellationRequested)
                {
                    Monitor.Wait(_gate);
                }

                if (_queue.Count == 0 || token.IsCancellationRequested)
                {
                    return;
                }

                directory = _queue.Pop();
            }

            List<ContextDirectory> below;
            try
            {
                below = Read(directory, probe, token);
            }
            catch (Exception e)
            {
                directory.Failure = e;
                below = [];
            }

            lock (_gate)
            {
                directory.IsRead = true;
                _unread--;

                // The walk goes into the first one next: it goes on top.
                for (int i = below.Count - 1; i >= 0; i--)
                {
                    _queue.Push(below[i]);
                }

                _unread += below.Count;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <returns>The subdirectories the walk goes into, in tar order.</returns>
    private List<ContextDirectory> Read(ContextDirectory directory, FileTypeProbe probe, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var children = new List<ContextDirectoryChild>();
        var below = new List<ContextDirectory>();
        int parentDecisive = DockerIgnoreRules.DecisiveIndex(directory.Matches);
        foreach (var child in ReadSorted(directory.FullPath))
        {
            string path = directory.RelativePath.Length == 0 ? child.Name : directory.RelativePath + "/" + child.Name;
            if (child.Kind != BuildContextEntryKind.Directory)
            {
                if (!_rules.IsExcluded(path, parentDecisive) && TryCreateEntry(child, path, probe) is { } entry)
                {
                    children.Add(new ContextDirectoryChild(entry, null, false));
                }

                continue;
            }

            bool[] matches = _rules.MatchDirectory(path, directory.Matches);
            bool excluded = _rules.IsExcludedBy(matches);
            if ((excluded && !_rules.MayContainIncludedFiles(path, matches)) || TryCreateEntry(child, path, probe) is not { } directoryEntry)
            {
                continue;
            }

            var subdirectory = new ContextDirectory(child.FullPath, path, matches);
            children.Add(new ContextDirectoryChild(directoryEntry, subdirectory, excluded));
            below.Add(subdirectory);
        }

        directory.Children = children;
        return below;
    }

    /// <summary>A directory's child as listed: nothing is stat'ed until the rules keep it.</summary>
    /// <param name="Kind">Directory or symbolic link for sure; File may still turn out to be a link (told apart by <see cref="TryCreateEntry"/>).</param>
    private readonly record struct Child(string Name, string FullPath, BuildContextEntryKind Kind, FileSystemInfo? Info);

    private static List<Child> ReadSorted(string directory)
    {
        var children = new List<(Child Child, string SortKey)>();
        try
        {
            // The directory entry's type (d_type) says "directory" or "link" without a stat. Files are
            // stat'ed once kept.
            var listed = new FileSystemEnumerable<Child>(directory, static (ref FileSystemEntry entry) =>
            {
                if (!entry.IsDirectory)
                {
                    return new Child(entry.FileName.ToString(), entry.ToFullPath(), BuildContextEntryKind.File, null);
                }

                if (!IsSymbolicLink(ref entry))
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
        catch (UnauthorizedAccessException)
        {
            throw new ContainerStagesException("ContextEntryUnreadable", directory, "the directory cannot be listed: permission denied");
        }

        children.Sort((a, b) => string.CompareOrdinal(a.SortKey, b.SortKey));
        return children.ConvertAll(c => c.Child);
    }

    /// <summary>Whether a child listed as a directory is a link to one, from its d_type where the runtime lets us read it.</summary>
    private static bool IsSymbolicLink(ref FileSystemEntry entry)
    {
        if (!OperatingSystem.IsWindows() && !s_symbolicLinkAccessorMissing)
        {
            try
            {
                // FileSystemEntry knows (d_type is DT_LNK) but keeps it internal; Attributes would lstat
                // every directory of the walk again to tell.
                return GetIsSymbolicLink(ref entry);
            }
            catch (MissingMemberException)
            {
                s_symbolicLinkAccessorMissing = true;
            }
        }

        return (entry.Attributes & FileAttributes.ReparsePoint) != 0;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_IsSymbolicLink")]
    private static extern bool GetIsSymbolicLink(ref FileSystemEntry entry);

    private static BuildContextEntryKind KindOf(FileSystemInfo info)
    {
        if ((info.Attributes & FileAttributes.ReparsePoint) != 0 && info.LinkTarget is not null)
        {
            return BuildContextEntryKind.SymbolicLink;
        }

        return info is DirectoryInfo ? BuildContextEntryKind.Directory : BuildContextEntryKind.File;
    }

    private static BuildContextEntry? TryCreateEntry(Child child, string path, FileTypeProbe probe)
    {
        try
        {
            var info = child.Info ?? (child.Kind == BuildContextEntryKind.Directory ? new DirectoryInfo(child.FullPath) : new FileInfo(child.FullPath));
            var kind = child.Kind == BuildContextEntryKind.File ? KindOf(info) : child.Kind;
            if (kind == BuildContextEntryKind.File && ((FileInfo)info).Length == 0 && !OperatingSystem.IsWindows())
            {
                // A FIFO, socket or device node also reports 0 bytes and looks like a file to .NET.
                return probe.Probe(info.FullName) switch
                {
                    { Kind: BuildContextEntryKind.File } => CreateEntry(info, kind, path),
                    { } special => CreateEntry(info, special.Kind, path) with { DeviceMajor = special.DeviceMajor, DeviceMinor = special.DeviceMinor },
                    null => null,
                };
            }

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
            BuildContextEntryKind.File => new BuildContextEntry(
                path, info.FullName, kind, ((FileInfo)info).Length, null, ModeOf(info, DefaultFileMode), lastWrite),
            _ => new BuildContextEntry(path, info.FullName, kind, 0, null, ModeOf(info, DefaultFileMode), lastWrite),
        };
    }

    private static UnixFileMode ModeOf(FileSystemInfo info, UnixFileMode windowsDefault) =>
        OperatingSystem.IsWindows() ? windowsDefault : info.UnixFileMode;

    private static string NormalizeLinkTarget(string target) =>
        // A Windows link target uses "\"; the Linux builder needs "/".
        OperatingSystem.IsWindows() ? target.Replace('\\', '/') : target;
}
