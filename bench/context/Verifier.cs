using System.Buffers.Binary;
using System.Formats.Tar;
using System.Text;
using ContainerStages.Context;

namespace ContextBench;

/// <summary>One path of the generated repository, from a full walk that reads everything.</summary>
internal sealed record RepoEntry(string Path, bool IsDirectory, bool IsLink, long Length);

/// <summary>What was checked for one scenario, and what is wrong (empty when all is well).</summary>
internal sealed class Verification
{
    public List<string> Problems { get; } = [];

    public int Files { get; set; }

    public int Links { get; set; }

    public int Directories { get; set; }

    public int LongNameRecords { get; set; }

    public long ContentBytes { get; set; }

    public long TarBytes { get; set; }

    public long NeededBytes { get; set; }

    public long GnuTarListBytes { get; set; }

    public long GnuTarExcludeBytes { get; set; }

    public string GnuTarExcludeSelection { get; set; } = "n/a";

    public int RepoFilesExcluded { get; set; }

    public long RepoBytesExcluded { get; set; }

    public int RulesDisagreements { get; set; }

    /// <summary>The entry names in tar order, directories without their "/": the list GNU tar is given.</summary>
    public List<string> ListForTar { get; } = [];

    public void Fail(string problem)
    {
        if (Problems.Count < 25)
        {
            Problems.Add(problem);
        }
        else if (Problems.Count == 25)
        {
            Problems.Add("... (further problems not listed)");
        }
    }
}

internal static class Verifier
{
    private const int Block = 512;

    /// <summary>Every path of the repository, with no rules: the ground truth.</summary>
    public static List<RepoEntry> WalkEverything(string repository)
    {
        var all = new List<RepoEntry>();
        var pending = new Stack<(DirectoryInfo Directory, string Relative)>();
        pending.Push((new DirectoryInfo(repository), string.Empty));
        var options = new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false, IgnoreInaccessible = false };
        while (pending.Count > 0)
        {
            var (directory, relative) = pending.Pop();
            foreach (var info in directory.EnumerateFileSystemInfos("*", options))
            {
                string path = relative.Length == 0 ? info.Name : relative + "/" + info.Name;
                bool isLink = info.LinkTarget is not null;
                bool isDirectory = !isLink && info is DirectoryInfo;
                all.Add(new RepoEntry(path, isDirectory, isLink, isDirectory || isLink ? 0 : ((FileInfo)info).Length));
                if (isDirectory)
                {
                    pending.Push(((DirectoryInfo)info, path));
                }
            }
        }

        return all;
    }

    /// <summary>
    /// Writes the package's tar once, reads it back with TarReader and checks it against the
    /// independent expectation, the package's own rules, the bytes on disk and the minimal size;
    /// then does the same for GNU tar's archives of the same selection.
    /// </summary>
    public static Verification Check(string repository, Scenario scenario, List<RepoEntry> everything, string listFile, string? excludeFile)
    {
        var v = new Verification();
        var rules = scenario.ParseRules().WithAlwaysIncluded(BuildContextFileEnumerator.DockerIgnoreFileName);

        // The expectation, without the package.
        var expectedFiles = new Dictionary<string, RepoEntry>(StringComparer.Ordinal);
        var expectedDirectories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in everything)
        {
            bool included = scenario.IsIncludedIndependently(entry.Path, entry.IsDirectory);
            if (entry.IsDirectory)
            {
                if (included)
                {
                    expectedDirectories.Add(entry.Path);
                }

                continue;
            }

            if (rules.IsExcluded(entry.Path) == included)
            {
                v.RulesDisagreements++;
                v.Fail($"the package's rules say {(included ? "excluded" : "included")} for {entry.Path}, the expectation says the opposite");
            }

            if (included)
            {
                expectedFiles.Add(entry.Path, entry);
                for (int slash = entry.Path.LastIndexOf('/'); slash > 0; slash = entry.Path.LastIndexOf('/', slash - 1))
                {
                    expectedDirectories.Add(entry.Path[..slash]);
                }
            }
            else
            {
                v.RepoFilesExcluded++;
                v.RepoBytesExcluded += entry.Length;
            }
        }

        // The package's tar, read back.
        using var tar = new MemoryStream();
        var result = BuildContextTar.Write(repository, scenario.ParseRules(), tar);
        v.TarBytes = tar.Length;
        if (result.TotalBytes != tar.Length)
        {
            v.Fail($"BuildContextTarResult.TotalBytes {result.TotalBytes} differs from the {tar.Length} bytes written");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        long needed = 2 * Block;
        tar.Position = 0;
        using (var reader = new TarReader(tar, leaveOpen: true))
        {
            byte[] disk = [];
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                string name = entry.Name;
                bool isDirectory = entry.EntryType == TarEntryType.Directory;
                string path = isDirectory ? name.TrimEnd('/') : name;
                if (!seen.Add(path))
                {
                    v.Fail($"{path} is in the tar twice");
                }

                v.ListForTar.Add(path);
                needed += Block + Padded(entry.Length);
                if (Encoding.UTF8.GetByteCount(name) > 100)
                {
                    needed += Block + Padded(Encoding.UTF8.GetByteCount(name) + 1);
                }

                if (entry.LinkName is { Length: > 0 } link && Encoding.UTF8.GetByteCount(link) > 100)
                {
                    needed += Block + Padded(Encoding.UTF8.GetByteCount(link) + 1);
                }

                if (isDirectory)
                {
                    v.Directories++;
                    if (!expectedDirectories.Contains(path))
                    {
                        v.Fail($"directory {path} is sent but nothing in it is selected");
                    }

                    continue;
                }

                if (!expectedFiles.TryGetValue(path, out var expected))
                {
                    v.Fail($"{path} is sent but the rules exclude it");
                    continue;
                }

                if (rules.IsExcluded(path))
                {
                    v.Fail($"{path} is sent but DockerIgnoreRules.IsExcluded says it is excluded");
                }

                if (entry.EntryType == TarEntryType.SymbolicLink)
                {
                    v.Links++;
                    string target = new FileInfo(Path.Combine(repository, path)).LinkTarget ?? string.Empty;
                    if (!expected.IsLink || entry.LinkName != target)
                    {
                        v.Fail($"{path}: link to '{entry.LinkName}', on disk '{target}'");
                    }

                    continue;
                }

                v.Files++;
                v.ContentBytes += entry.Length;
                if (entry.EntryType != TarEntryType.RegularFile || entry.Length != expected.Length)
                {
                    v.Fail($"{path}: {entry.EntryType} of {entry.Length} bytes, on disk {expected.Length} bytes");
                    continue;
                }

                if (disk.Length < entry.Length)
                {
                    disk = new byte[Math.Max(entry.Length, disk.Length * 2L)];
                }

                using var onDisk = File.OpenRead(Path.Combine(repository, path));
                onDisk.ReadExactly(disk, 0, (int)entry.Length);
                byte[] sent = new byte[entry.Length];
                entry.DataStream?.ReadExactly(sent);
                if (!sent.AsSpan().SequenceEqual(disk.AsSpan(0, (int)entry.Length)))
                {
                    v.Fail($"{path}: the content sent differs from the file");
                }
            }
        }

        foreach (string missing in expectedFiles.Keys.Where(p => !seen.Contains(p)).Take(10))
        {
            v.Fail($"{missing} is selected but not sent");
        }

        foreach (string missing in expectedDirectories.Where(p => !seen.Contains(p)).Take(10))
        {
            v.Fail($"directory {missing} is selected but not sent");
        }

        v.LongNameRecords = CountLongNameRecords(tar.GetBuffer().AsSpan(0, (int)tar.Length));
        v.NeededBytes = needed;
        if (tar.Length != needed)
        {
            v.Fail($"the tar has {tar.Length} bytes where {needed} are needed");
        }

        if (result.FileCount != v.Files || result.FileBytes != v.ContentBytes)
        {
            v.Fail($"BuildContextTarResult says {result.FileCount} files / {result.FileBytes} bytes, the tar holds {v.Files} / {v.ContentBytes}");
        }

        File.WriteAllLines(listFile, v.ListForTar);

        // GNU tar, given exactly this list: same names in the same order, same sizes.
        using (var gnu = new MemoryStream())
        {
            Runners.Tar(Runners.TarListArguments(repository, listFile), gnu);
            v.GnuTarListBytes = gnu.Length;
            var names = ReadNames(gnu, stripDotSlash: false);
            if (!names.Select(n => n.Path).SequenceEqual(v.ListForTar))
            {
                v.Fail("GNU tar given the list wrote other names or another order");
            }
        }

        // GNU tar with exclusions, as a user would write them: the same files?
        if (excludeFile is not null)
        {
            using var gnu = new MemoryStream();
            Runners.Tar(Runners.TarExcludeArguments(repository, excludeFile), gnu);
            v.GnuTarExcludeBytes = gnu.Length;
            var names = ReadNames(gnu, stripDotSlash: true);
            var tarFiles = names.Where(n => !n.IsDirectory).Select(n => n.Path).ToHashSet(StringComparer.Ordinal);
            var ourFiles = v.ListForTar.Where(p => !expectedDirectories.Contains(p)).ToHashSet(StringComparer.Ordinal);
            v.GnuTarExcludeSelection = tarFiles.SetEquals(ourFiles)
                ? $"same {tarFiles.Count:N0} files"
                : $"differs: {tarFiles.Except(ourFiles).Count()} extra, {ourFiles.Except(tarFiles).Count()} missing";
        }

        return v;
    }

    private static List<(string Path, bool IsDirectory)> ReadNames(MemoryStream archive, bool stripDotSlash)
    {
        archive.Position = 0;
        var names = new List<(string, bool)>();
        using var reader = new TarReader(archive, leaveOpen: true);
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            string name = entry.Name;
            if (stripDotSlash)
            {
                name = name == "./" ? string.Empty : name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
            }

            bool isDirectory = entry.EntryType == TarEntryType.Directory;
            names.Add((isDirectory ? name.TrimEnd('/') : name, isDirectory));
        }

        return names;
    }

    private static long Padded(long length) => (length + Block - 1) / Block * Block;

    // Walks the raw headers: GNU long-name ('L') and long-link ('K') records are invisible to TarReader.
    private static int CountLongNameRecords(ReadOnlySpan<byte> tar)
    {
        int count = 0;
        int offset = 0;
        while (offset + Block <= tar.Length && tar.Slice(offset, Block).ContainsAnyExcept((byte)0))
        {
            var header = tar.Slice(offset, Block);
            long size = ParseOctal(header.Slice(124, 12));
            if (header[156] is (byte)'L' or (byte)'K')
            {
                count++;
            }

            offset += Block + (int)Padded(size);
        }

        return count;
    }

    private static long ParseOctal(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            return BinaryPrimitives.ReadInt64BigEndian(field[4..]);
        }

        long value = 0;
        foreach (byte b in field)
        {
            if (b is >= (byte)'0' and <= (byte)'7')
            {
                value = (value * 8) + (b - '0');
            }
            else if (value > 0 || b is not ((byte)' ' or 0))
            {
                break;
            }
        }

        return value;
    }
}
