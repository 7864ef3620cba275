using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using ContainerStages.Resources;

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

    private const int WalkWakeBatch = 64;

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
    private int _read;
    private int _idleReaders;

    // The directory the walk waits for, and how many reads it lets pass before it wakes (see WaitUntilRead).
    private ContextDirectory? _awaited;
    private int _wakeWalkAt;

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
    /// <remarks>
    /// When the walk has caught up with the readers it lets them get well ahead before it goes on:
    /// woken for every directory, it would cost a thread switch each (thousands in a deep tree).
    /// </remarks>
    public void WaitUntilRead(ContextDirectory directory)
    {
        lock (_gate)
        {
            if (!directory.IsRead)
            {
                _awaited = directory;
                _wakeWalkAt = _read + WalkWakeBatch;
                while (!directory.IsRead || (_read < _wakeWalkAt && _unread > 0))
                {
                    _token.ThrowIfCancellationRequested();
                    Monitor.Wait(_gate);
                }

                _awaited = null;
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
        ContextDirectory? done = null;
        List<ContextDirectory> below = [];
        while (true)
        {
            ContextDirectory directory;

            // One trip through the lock per directory: hand in the one read, take the next.
            lock (_gate)
            {
                if (done is not null)
                {
                    Complete(done, below);
                }

                while (_queue.Count == 0 && _unread > 0 && !token.IsCancellationRequested)
                {
                    _idleReaders++;
                    Monitor.Wait(_gate);
                    _idleReaders--;
                }

                if (_queue.Count == 0 || token.IsCancellationRequested)
                {
                    Monitor.PulseAll(_gate);
                    return;
                }

                directory = _queue.Pop();
            }

            try
            {
                below = Read(directory, probe, token);
            }
            catch (Exception e)
            {
                directory.Failure = e;
                below = [];
            }

            done = directory;
        }
    }

    /// <summary>Under the lock: marks a directory read, queues what is below it, and wakes who can go on.</summary>
    private void Complete(ContextDirectory directory, List<ContextDirectory> below)
    {
        directory.IsRead = true;
        _unread--;

        // The walk goes into the first one next: it goes on top.
        for (int i = below.Count - 1; i >= 0; i--)
        {
            _queue.Push(below[i]);
        }

        _unread += below.Count;
        _read++;

        // Only who has something to do now: an idle reader when there is more than this reader takes
        // next, the walk when its directory and a batch after it are read (or everything is).
        bool wakeReaders = _idleReaders > 0 && (below.Count > 1 || _unread == 0);
        bool wakeWalk = _awaited is { IsRead: true } && (_read >= _wakeWalkAt || _unread == 0);
        if (wakeReaders || wakeWalk)
        {
            Monitor.PulseAll(_gate);
        }
    }

    /// <returns>The subdirectories the walk goes into, in tar order.</returns>
    private List<ContextDirectory> Read(ContextDirectory directory, FileTypeProbe probe, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var children = new List<ContextDirectoryChild>();
        var below = new List<ContextDirectory>();
        foreach (var child in ReadSorted(directory))
        {
            if (TryCreateEntry(child, probe) is not { } entry)
            {
                continue;
            }

            if (child.Kind != BuildContextEntryKind.Directory)
            {
                children.Add(new ContextDirectoryChild(entry, null, false));
                continue;
            }

            var subdirectory = new ContextDirectory(child.Info.FullName, child.Path, child.Matches);
            children.Add(new ContextDirectoryChild(entry, subdirectory, child.Excluded));
            below.Add(subdirectory);
        }

        directory.Children = children;
        return below;
    }

    /// <summary>A child the rules keep (or a directory they may re-include something below), not yet stat'ed.</summary>
    /// <param name="Kind">Directory, symbolic link, or File (which a probe may still find to be a FIFO, socket or device).</param>
    /// <param name="Matches">For a directory, which rules match it (<see cref="DockerIgnoreRules.MatchDirectory"/>).</param>
    private sealed record Child(string Name, string Path, BuildContextEntryKind Kind, FileSystemInfo Info, bool[]? Matches, bool Excluded);

    /// <summary>
    /// Lists a directory's children the rules keep, in tar order. The rules are applied as the directory
    /// is read, from each entry's name and type (d_type), so what they leave out costs no string of its
    /// full path and no stat.
    /// </summary>
    private List<Child> ReadSorted(ContextDirectory directory)
    {
        var rules = _rules;
        string relative = directory.RelativePath;
        bool[]? parentMatches = directory.Matches;
        int parentDecisive = DockerIgnoreRules.DecisiveIndex(parentMatches);
        var children = new List<(Child Child, string SortKey)>();
        try
        {
            var listed = new FileSystemEnumerable<Child?>(directory.FullPath, (ref FileSystemEntry entry) =>
            {
                string name = entry.FileName.ToString();
                string path = relative.Length == 0 ? name : relative + "/" + name;
                bool link = IsSymbolicLink(ref entry);
                if (entry.IsDirectory && !link)
                {
                    bool[] matches = rules.MatchDirectory(path, parentMatches);
                    bool excluded = rules.IsExcludedBy(matches);
                    return excluded && !rules.MayContainIncludedFiles(path, matches)
                        ? null
                        : new Child(name, path, BuildContextEntryKind.Directory, entry.ToFileSystemInfo(), matches, excluded);
                }

                return rules.IsExcluded(path, parentDecisive)
                    ? null
                    : new Child(name, path, link ? BuildContextEntryKind.SymbolicLink : BuildContextEntryKind.File, entry.ToFileSystemInfo(), null, false);
            }, ListEverything);
            foreach (var child in listed)
            {
                if (child is not null)
                {
                    // Sorting "name/" for directories puts siblings in the order of their full tar paths.
                    children.Add((child, child.Kind == BuildContextEntryKind.Directory ? child.Name + "/" : child.Name));
                }
            }
        }
        catch (DirectoryNotFoundException) when (children.Count == 0)
        {
            // Deleted since its parent was listed: nothing to send.
        }
        catch (UnauthorizedAccessException)
        {
            throw new ContainerStagesException(nameof(Strings.ContextEntryUnreadable), directory.FullPath, "the directory cannot be listed: permission denied");
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

    private static BuildContextEntry? TryCreateEntry(Child child, FileTypeProbe probe)
    {
        var info = child.Info;
        try
        {
            if (child.Kind == BuildContextEntryKind.SymbolicLink && info.LinkTarget is null)
            {
                // Replaced by a plain file or folder since it was listed: seen again on the next publish.
                return null;
            }

            if (child.Kind == BuildContextEntryKind.File && ((FileInfo)info).Length == 0 && !OperatingSystem.IsWindows())
            {
                // A FIFO, socket or device node also reports 0 bytes and looks like a file to .NET.
                return probe.Probe(info.FullName) switch
                {
                    { Kind: BuildContextEntryKind.File } => CreateEntry(info, child.Kind, child.Path),
                    { } special => CreateEntry(info, special.Kind, child.Path) with { DeviceMajor = special.DeviceMajor, DeviceMinor = special.DeviceMinor },
                    null => null,
                };
            }

            return CreateEntry(info, child.Kind, child.Path);
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
