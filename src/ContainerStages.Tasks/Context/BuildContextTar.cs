using System.Formats.Tar;
using System.Text;
using ContainerStages.Resources;

namespace ContainerStages.Context;

/// <summary>
/// Writes a build context as the uncompressed tar stream the Docker Engine's build endpoint reads,
/// one file at a time, reproducibly: the same tree gives the same bytes.
/// </summary>
/// <remarks>
/// <para>Entries are GNU tar, never PAX. The engine hands the request body to BuildKit as a remote
/// context, and BuildKit decides whether it is a tar or a bare Dockerfile by parsing the first
/// 1024 bytes as a tar: a first entry that needs a PAX record (or a GNU long-name record) puts its
/// real header beyond those bytes, and the whole context is then read as a Dockerfile. So the first
/// entry is always one whose name and link fit the 100-byte header fields; longer names further on
/// use GNU long-name records, which every tar reader understands.</para>
/// <para>Headers are normalised so that only the content, the permission bits and the modification
/// time of a file can change an entry: uid and gid 0, no user or group names.</para>
/// </remarks>
public static class BuildContextTar
{
    // The width of the name and link name fields of a tar header.
    private const int HeaderNameBytes = 100;

    private const UnixFileMode OverlayDirectoryMode = (UnixFileMode)0x1ED; // 0755

    private const UnixFileMode ExtraFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    // GNU headers keep atime and ctime where ustar headers keep a name prefix, so readers other than
    // GNU tar and Go (Python's tarfile, 7-Zip) take a written time for a directory above every entry.
    // .NET 10 leaves the fields empty for default(DateTimeOffset); .NET 8 and 9 always write them and
    // stamp the current time unless told otherwise, so there the epoch keeps the bytes reproducible.
    private static readonly DateTimeOffset UnsetGnuTimestamp =
        RuntimeLeavesDefaultGnuTimestampsEmpty() ? default : DateTimeOffset.UnixEpoch;

    /// <summary>
    /// Writes the context directory, filtered by <paramref name="rules"/>, plus any extra files, to
    /// <paramref name="output"/>, and ends the archive. The output is flushed and left open.
    /// </summary>
    /// <param name="rules">
    /// The .dockerignore rules. The root .dockerignore is always sent; to keep a Dockerfile inside the
    /// context whatever the rules say, pass <c>rules.WithAlwaysIncluded(dockerfilePath)</c>.
    /// </param>
    /// <param name="extraFiles">Files to add at the root; one with the name of a context file replaces it.</param>
    /// <exception cref="OperationCanceledException">Cancelled; the archive is left unterminated, so it cannot pass for a complete context.</exception>
    public static BuildContextTarResult Write(
        string contextDirectory,
        DockerIgnoreRules rules,
        Stream output,
        IReadOnlyList<BuildContextExtraFile>? extraFiles = null,
        CancellationToken cancellationToken = default) =>
        Write(contextDirectory, rules, output, extraFiles, overlays: null, cancellationToken);

    /// <param name="overlays">Folders from elsewhere sent after the context's own entries, each under its own path.</param>
    /// <inheritdoc cref="Write(string, DockerIgnoreRules, Stream, IReadOnlyList{BuildContextExtraFile}?, CancellationToken)"/>
    public static BuildContextTarResult Write(
        string contextDirectory,
        DockerIgnoreRules rules,
        Stream output,
        IReadOnlyList<BuildContextExtraFile>? extraFiles,
        IReadOnlyList<BuildContextOverlay>? overlays,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(contextDirectory);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        }

        var extras = ValidateExtraFiles(contextDirectory, extraFiles ?? []);
        var overlayList = overlays ?? [];
        var leftOut = new List<string>();
        var entries = WithoutUnsupported(BuildContextFileEnumerator.Enumerate(contextDirectory, rules, cancellationToken), leftOut)
            .Where(entry => !overlayList.Any(overlay => IsUnderOverlayRoot(entry.RelativePath, overlay)));
        var items = WithShortHeaderFirst(MergeExtraFiles(entries, extras)).Concat(overlayList.SelectMany(o => OverlayItems(o, cancellationToken)));

        var counting = new CountingWriteStream(output);
        var writer = new TarWriter(counting, TarEntryFormat.Gnu, leaveOpen: true);
        int entryCount = 0;
        int fileCount = 0;
        long fileBytes = 0;
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long? written = WriteItem(writer, item);
            if (written is null)
            {
                continue;
            }

            entryCount++;
            if (item.Entry is null || item.Entry.Kind == BuildContextEntryKind.File)
            {
                fileCount++;
                fileBytes += written.Value;
            }
        }

        // Disposing writes the end-of-archive blocks: only a context written in full gets them.
        writer.Dispose();
        counting.Flush();
        return new BuildContextTarResult(entryCount, fileCount, fileBytes, counting.BytesWritten) { LeftOut = leftOut };
    }

    // The overlay's whole top folder is the package's own: a context folder of that name would mix in.
    private static bool IsUnderOverlayRoot(string relativePath, BuildContextOverlay overlay)
    {
        string root = overlay.TarDirectory.Split('/')[0];
        return relativePath == root || relativePath.StartsWith(root + "/", StringComparison.Ordinal);
    }

    private static IEnumerable<BuildContextTarItem> OverlayItems(BuildContextOverlay overlay, CancellationToken cancellationToken)
    {
        string[] segments = overlay.TarDirectory.Trim('/').Split('/');
        var time = overlay.FileTime ?? DateTimeOffset.UnixEpoch;
        for (int i = 1; i <= segments.Length; i++)
        {
            string path = string.Join('/', segments.Take(i));
            yield return new BuildContextTarItem(path, new BuildContextEntry(path, string.Empty, BuildContextEntryKind.Directory, 0, null, OverlayDirectoryMode, time), null);
        }

        string prefix = string.Join('/', segments) + "/";
        var excluded = overlay.ExcludedNames.ToHashSet(StringComparer.Ordinal);
        foreach (var entry in BuildContextFileEnumerator.Enumerate(overlay.SourceDirectory, DockerIgnoreRules.Empty, cancellationToken))
        {
            string top = entry.RelativePath.Split('/')[0];
            if (excluded.Contains(top))
            {
                continue;
            }

            var placed = entry with { RelativePath = prefix + entry.RelativePath, LastWriteTimeUtc = overlay.FileTime ?? entry.LastWriteTimeUtc };
            yield return new BuildContextTarItem(placed.RelativePath, placed, null);
        }
    }

    /// <returns>The content bytes written, or null when the file vanished before it could be read.</returns>
    private static long? WriteItem(TarWriter writer, BuildContextTarItem item)
    {
        if (item.ExtraFile is { } extra)
        {
            var tarEntry = CreateTarEntry(TarEntryType.RegularFile, item.TarName, ExtraFileMode, DateTimeOffset.UnixEpoch);
            using var content = new MemoryStream(extra.Content, writable: false);
            tarEntry.DataStream = content;
            writer.WriteEntry(tarEntry);
            return extra.Content.Length;
        }

        var entry = item.Entry!;
        switch (entry.Kind)
        {
            case BuildContextEntryKind.Directory:
                writer.WriteEntry(CreateTarEntry(TarEntryType.Directory, item.TarName, entry.Mode, entry.LastWriteTimeUtc));
                return 0;
            case BuildContextEntryKind.SymbolicLink:
                var link = CreateTarEntry(TarEntryType.SymbolicLink, item.TarName, entry.Mode, entry.LastWriteTimeUtc);
                link.LinkName = entry.LinkTarget!;
                writer.WriteEntry(link);
                return 0;
            case BuildContextEntryKind.Fifo:
                writer.WriteEntry(CreateTarEntry(TarEntryType.Fifo, item.TarName, entry.Mode, entry.LastWriteTimeUtc));
                return 0;
            case BuildContextEntryKind.CharacterDevice or BuildContextEntryKind.BlockDevice:
                var device = CreateTarEntry(
                    entry.Kind == BuildContextEntryKind.CharacterDevice ? TarEntryType.CharacterDevice : TarEntryType.BlockDevice,
                    item.TarName, entry.Mode, entry.LastWriteTimeUtc);
                device.DeviceMajor = entry.DeviceMajor;
                device.DeviceMinor = entry.DeviceMinor;
                writer.WriteEntry(device);
                return 0;
            default:
                return WriteFile(writer, entry, item.TarName);
        }
    }

    private static long? WriteFile(TarWriter writer, BuildContextEntry entry, string tarName)
    {
        var tarEntry = CreateTarEntry(TarEntryType.RegularFile, tarName, entry.Mode, entry.LastWriteTimeUtc);
        if (entry.Length == 0)
        {
            // Not opened: an empty file has nothing to read.
            writer.WriteEntry(tarEntry);
            return 0;
        }

        FileStream file;
        try
        {
            file = new FileStream(entry.FullPath, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.SequentialScan,
                BufferSize = 0,
            });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Deleted since it was listed: skipped, as the Docker CLI does.
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            // The Docker CLI stops too ("no permission to read from ..."): an image without the file would
            // fail later, further from the cause.
            throw new ContainerStagesException(nameof(Strings.ContextEntryUnreadable), entry.FullPath, "permission denied");
        }

        using var content = new FixedLengthReadStream(file, file.Length);
        tarEntry.DataStream = content;
        writer.WriteEntry(tarEntry);
        return content.Length;
    }

    private static GnuTarEntry CreateTarEntry(TarEntryType type, string name, UnixFileMode mode, DateTimeOffset modified) =>
        new(type, name)
        {
            Mode = mode,
            ModificationTime = modified,
            AccessTime = UnsetGnuTimestamp,
            ChangeTime = UnsetGnuTimestamp,
            Uid = 0,
            Gid = 0,
            UserName = string.Empty,
            GroupName = string.Empty,
        };

    private static List<BuildContextExtraFile> ValidateExtraFiles(string contextDirectory, IReadOnlyList<BuildContextExtraFile> extraFiles)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var extra in extraFiles)
        {
            ArgumentNullException.ThrowIfNull(extra, nameof(extraFiles));
            ArgumentNullException.ThrowIfNull(extra.Content, nameof(extraFiles));
            string name = extra.EntryName;
            if (string.IsNullOrEmpty(name) || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The extra file name '{name}' must be a single file name at the context root.", nameof(extraFiles));
            }

            if (!names.Add(name))
            {
                throw new ArgumentException($"Two extra files are named '{name}'.", nameof(extraFiles));
            }

            if (Directory.Exists(Path.Combine(contextDirectory, name)))
            {
                throw new ArgumentException($"The extra file '{name}' has the name of a directory in the build context.", nameof(extraFiles));
            }
        }

        var sorted = extraFiles.ToList();
        sorted.Sort((a, b) => string.CompareOrdinal(a.EntryName, b.EntryName));
        return sorted;
    }

    // Before the first entry is chosen: what is never written cannot be the one that must fit the first header.
    private static IEnumerable<BuildContextEntry> WithoutUnsupported(IEnumerable<BuildContextEntry> entries, List<string> leftOut)
    {
        foreach (var entry in entries)
        {
            if (entry.Kind == BuildContextEntryKind.Unsupported)
            {
                leftOut.Add(entry.RelativePath);
            }
            else
            {
                yield return entry;
            }
        }
    }

    // Both sequences are in tar order (ordinal, a directory compared as "name/"), so a merge keeps it.
    private static IEnumerable<BuildContextTarItem> MergeExtraFiles(IEnumerable<BuildContextEntry> entries, List<BuildContextExtraFile> extras)
    {
        int next = 0;
        foreach (var entry in entries)
        {
            var item = new BuildContextTarItem(entry.RelativePath, entry, null);
            int order = -1;
            while (next < extras.Count && (order = string.CompareOrdinal(extras[next].EntryName, item.TarName)) <= 0)
            {
                yield return new BuildContextTarItem(extras[next].EntryName, null, extras[next]);
                next++;
                if (order == 0)
                {
                    break;
                }
            }

            if (order != 0)
            {
                yield return item;
            }
        }

        for (; next < extras.Count; next++)
        {
            yield return new BuildContextTarItem(extras[next].EntryName, null, extras[next]);
        }
    }

    // See the remarks on the class: the first header must be a whole entry within 1024 bytes.
    private static IEnumerable<BuildContextTarItem> WithShortHeaderFirst(IEnumerable<BuildContextTarItem> items)
    {
        using var enumerator = items.GetEnumerator();
        if (!enumerator.MoveNext())
        {
            yield break;
        }

        var held = new List<BuildContextTarItem>();
        var first = enumerator.Current;
        if (NeedsLongNameRecord(first))
        {
            // Hold back entries (metadata only, no content) until a short root-level one turns up; a
            // root-level entry has no directory to come after, so it can go first without breaking the order.
            held.Add(first);
            bool found = false;
            while (!found && enumerator.MoveNext())
            {
                var candidate = enumerator.Current;
                found = candidate.IsAtRoot && !NeedsLongNameRecord(candidate);
                if (found)
                {
                    first = candidate;
                }
                else
                {
                    held.Add(candidate);
                }
            }

            if (!found)
            {
                // No short root-level entry at all: nothing better to put first.
                foreach (var item in held)
                {
                    yield return item;
                }

                yield break;
            }
        }

        yield return first;
        foreach (var item in held)
        {
            yield return item;
        }

        while (enumerator.MoveNext())
        {
            yield return enumerator.Current;
        }
    }

    private static bool RuntimeLeavesDefaultGnuTimestampsEmpty()
    {
        try
        {
            using var probe = new MemoryStream();
            using (var writer = new TarWriter(probe, TarEntryFormat.Gnu, leaveOpen: true))
            {
                writer.WriteEntry(new GnuTarEntry(TarEntryType.Directory, "probe/")
                {
                    ModificationTime = DateTimeOffset.UnixEpoch,
                    AccessTime = default,
                    ChangeTime = default,
                });
            }

            // atime at offset 345 and ctime at 357, 12 bytes each.
            return !probe.GetBuffer().AsSpan(345, 24).ContainsAnyExcept((byte)0);
        }
        catch (Exception)
        {
            // Whatever an older runtime objects to, the epoch is the safe choice.
            return false;
        }
    }

    private static bool NeedsLongNameRecord(BuildContextTarItem item) =>
        Encoding.UTF8.GetByteCount(item.TarName) > HeaderNameBytes
        || (item.LinkTarget is { } target && Encoding.UTF8.GetByteCount(target) > HeaderNameBytes);
}
