using System.Formats.Tar;
using System.Text;
using ContainerStages.Context;

namespace ContainerStages.Tests.Context;

[TestClass]
public sealed class BuildContextTarTests
{
    private const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode755 = Mode644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly DateTime FixedTime = new(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    // 150 characters: three directories and a file name, each under 100.
    private static readonly string LongPath =
        "src/" + new string('d', 60) + "/" + new string('e', 50) + "/" + new string('f', 30) + ".cs";

    [TestMethod]
    public void Write_DotNetRepository_RoundTripsThroughTarReader()
    {
        using var context = new TempTree();
        context.WriteFile(".dockerignore", "**/bin/\n**/obj/\n");
        context.WriteFile("Dockerfile", "FROM scratch\n");
        context.WriteFile("src/App/Program.cs", "class Program {}");
        context.WriteFile("src/App/bin/Debug/App.dll", "binary");
        context.WriteFile("src/App/obj/project.assets.json", "{}");
        context.CreateFolder("src/App/empty");
        context.WriteFile(LongPath, "long");

        var (tar, result) = Write(context.Root);
        var entries = TarTestReader.ReadEntries(tar);

        string d = "src/" + new string('d', 60) + "/";
        string e = d + new string('e', 50) + "/";
        CollectionAssert.AreEqual(
            new[] { ".dockerignore", "Dockerfile", "src/", "src/App/", "src/App/Program.cs", "src/App/empty/", d, e, LongPath },
            entries.Select(x => x.Name).ToArray());
        Assert.AreEqual("class Program {}", Encoding.UTF8.GetString(entries.Single(e => e.Name == "src/App/Program.cs").Content));
        Assert.AreEqual("long", Encoding.UTF8.GetString(entries.Single(e => e.Name == LongPath).Content));
        Assert.AreEqual(TarEntryType.Directory, entries.Single(e => e.Name == "src/App/empty/").Type);
        Assert.IsFalse(entries.Any(e => e.Name.Contains("/bin/", StringComparison.Ordinal) || e.Name.Contains("/obj/", StringComparison.Ordinal)));

        Assert.AreEqual(entries.Count, result.EntryCount);
        Assert.AreEqual(entries.Count(e => e.Type == TarEntryType.RegularFile), result.FileCount);
        Assert.AreEqual(entries.Sum(e => (long)e.Content.Length), result.FileBytes);
        Assert.AreEqual(tar.Length, result.TotalBytes);
    }

    [TestMethod]
    public void Write_Entries_AreGnuWithNormalisedOwnership()
    {
        using var context = new TempTree();
        context.WriteFile("a.txt", "a");
        context.WriteFile("dir/b.txt", "b");
        context.WriteFile(LongPath);

        var entries = TarTestReader.ReadEntries(Write(context.Root).Tar);

        foreach (var entry in entries)
        {
            Assert.AreEqual(TarEntryFormat.Gnu, entry.Format, entry.Name);
            Assert.AreEqual(0, entry.Uid, entry.Name);
            Assert.AreEqual(0, entry.Gid, entry.Name);
            Assert.AreEqual(string.Empty, entry.UserName, entry.Name);
            Assert.AreEqual(string.Empty, entry.GroupName, entry.Name);
            Assert.IsFalse(entry.Name.StartsWith("./", StringComparison.Ordinal) || entry.Name.StartsWith('/') || entry.Name.Contains('\\', StringComparison.Ordinal), entry.Name);
        }
    }

    [TestMethod]
    public void Write_LongPaths_UseGnuLongNameRecordsAndNeverPax()
    {
        using var context = new TempTree();
        context.WriteFile("Dockerfile");
        context.WriteFile(LongPath);
        SkipWithoutSymbolicLinks();
        File.CreateSymbolicLink(context.FullPath("link"), "target/" + new string('t', 120));

        byte[] tar = Write(context.Root).Tar;
        var headers = TarTestReader.ReadRawHeaders(tar);

        Assert.IsFalse(headers.Any(h => h.TypeFlag is 'x' or 'g'), "a PAX header was written");
        Assert.IsTrue(headers.Any(h => h.TypeFlag == 'L'), "no GNU long-name record for the long path");
        Assert.IsTrue(headers.Any(h => h.TypeFlag == 'K'), "no GNU long-link record for the long link");
        Assert.IsTrue(headers.All(h => h.Magic == "ustar  \0"), "not every header is GNU");
        // Readers other than GNU tar and Go take GNU's atime and ctime for a ustar name prefix.
        Assert.IsTrue(headers.All(h => h.PrefixAreaEmpty), "a header carries atime, ctime or a prefix");
        Assert.AreEqual(LongPath, TarTestReader.ReadEntries(tar).Single(e => e.Type == TarEntryType.RegularFile && e.Name.EndsWith(".cs", StringComparison.Ordinal)).Name);
    }

    [TestMethod]
    public void Write_FirstPathNeedsALongName_AShortRootEntryGoesFirst()
    {
        // BuildKit reads only the first 1024 bytes to decide whether the body is a tar: a long-name
        // (or PAX) record first would push the real header past them.
        using var context = new TempTree();
        string longRoot = "0" + new string('a', 119);
        context.WriteFile(longRoot + "/Program.cs");
        context.WriteFile(longRoot + ".txt");
        context.WriteFile("Dockerfile");
        context.WriteFile("zeta/z.txt");

        byte[] tar = Write(context.Root).Tar;
        var headers = TarTestReader.ReadRawHeaders(tar);
        var names = TarTestReader.ReadEntries(tar).Select(e => e.Name).ToArray();

        Assert.AreEqual('0', headers[0].TypeFlag);
        Assert.IsTrue(TarTestReader.FirstHeaderChecksumIsValid(tar));
        CollectionAssert.AreEqual(
            new[] { "Dockerfile", longRoot + ".txt", longRoot + "/", longRoot + "/Program.cs", "zeta/", "zeta/z.txt" },
            names);
    }

    [TestMethod]
    public void Write_FirstEntry_IsAlwaysACompleteHeaderWithinTheFirst1024Bytes()
    {
        using var context = new TempTree();
        context.WriteFile(".dockerignore");
        context.WriteFile(LongPath);

        byte[] tar = Write(context.Root).Tar;

        Assert.IsTrue(TarTestReader.ReadRawHeaders(tar)[0].TypeFlag is '0' or '5' or '2');
        Assert.IsTrue(TarTestReader.FirstHeaderChecksumIsValid(tar));
        Assert.AreEqual("ustar  \0", Encoding.ASCII.GetString(tar, 257, 8));
    }

    [TestMethod]
    public void Write_SameTreeTwice_GivesIdenticalBytes()
    {
        using var context = new TempTree();
        context.WriteFile(".dockerignore", "**/obj/\n");
        context.WriteFile("src/App/Program.cs", "class Program {}");
        context.WriteFile("src/App/obj/x.json", "{}");
        context.CreateFolder("empty");
        context.WriteFile(LongPath, "long");
        foreach (string path in Directory.EnumerateFiles(context.Root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(path, FixedTime);
        }

        foreach (string path in Directory.EnumerateDirectories(context.Root, "*", SearchOption.AllDirectories))
        {
            Directory.SetLastWriteTimeUtc(path, FixedTime);
        }

        byte[] first = Write(context.Root).Tar;
        Thread.Sleep(1100); // a clock-dependent field would now differ
        byte[] second = Write(context.Root).Tar;

        CollectionAssert.AreEqual(first, second);
    }

    [TestMethod]
    public void Write_UnchangedFile_GivesAnIdenticalEntryAndItsModificationTime()
    {
        using var context = new TempTree();
        string file = context.WriteFile("a.txt", "same");
        File.SetLastWriteTimeUtc(file, FixedTime);

        var entry = TarTestReader.ReadEntries(Write(context.Root).Tar).Single();

        Assert.AreEqual(new DateTimeOffset(FixedTime), entry.ModificationTime);
    }

    [TestMethod]
    public void Write_ModesFromTheFileSystem_AreKept()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("Windows has no Unix modes: files are sent as 0644 and directories as 0755.");
            return;
        }

        using var context = new TempTree();
        string script = context.WriteFile("build.sh", "#!/bin/sh\n");
        string data = context.WriteFile("data.txt", "x");
        string directory = context.CreateFolder("private");
        File.SetUnixFileMode(script, Mode755);
        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        new DirectoryInfo(directory).UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

        var entries = TarTestReader.ReadEntries(Write(context.Root).Tar);

        Assert.AreEqual(Mode755, entries.Single(e => e.Name == "build.sh").Mode);
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, entries.Single(e => e.Name == "data.txt").Mode);
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, entries.Single(e => e.Name == "private/").Mode);
    }

    [TestMethod]
    public void Write_SymbolicLinks_AreStoredAsLinksAndNotFollowed()
    {
        SkipWithoutSymbolicLinks();
        using var context = new TempTree();
        using var outside = new TempTree();
        outside.WriteFile("secret.txt", "secret");
        context.WriteFile("src/Program.cs", "code");
        File.CreateSymbolicLink(context.FullPath("program-link"), "src/Program.cs");
        Directory.CreateSymbolicLink(context.FullPath("outside-dir"), outside.Root);
        File.CreateSymbolicLink(context.FullPath("dangling"), "../../nowhere");

        var entries = TarTestReader.ReadEntries(Write(context.Root).Tar);

        var links = entries.Where(e => e.Type == TarEntryType.SymbolicLink).ToDictionary(e => e.Name, e => e.LinkName);
        Assert.HasCount(3, links);
        Assert.AreEqual("src/Program.cs", links["program-link"]);
        Assert.AreEqual(outside.Root, links["outside-dir"]);
        Assert.AreEqual("../../nowhere", links["dangling"]);
        Assert.IsFalse(entries.Any(e => e.Name.StartsWith("outside-dir/", StringComparison.Ordinal) || e.Name.Contains("secret", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Write_DockerIgnoreAndAlwaysIncludedDockerfile_AreSentEvenWhenMatched()
    {
        using var context = new TempTree();
        context.WriteFile(".dockerignore", "*\n");
        context.WriteFile("Dockerfile", "FROM scratch\n");
        context.WriteFile("Program.cs", "code");
        var rules = DockerIgnoreRules.Parse("*\n").WithAlwaysIncluded("Dockerfile");

        var names = TarTestReader.ReadEntries(Write(context.Root, rules).Tar).Select(e => e.Name).ToArray();

        CollectionAssert.AreEqual(new[] { ".dockerignore", "Dockerfile" }, names);
    }

    [TestMethod]
    public void Write_ExceptionInsideExcludedDirectory_SendsTheFileWithItsDirectories()
    {
        using var context = new TempTree();
        context.WriteFile("docs/README.md", "read me");
        context.WriteFile("docs/internal.md", "no");

        var names = TarTestReader.ReadEntries(Write(context.Root, DockerIgnoreRules.Parse("docs\n!docs/README.md")).Tar).Select(e => e.Name).ToArray();

        CollectionAssert.AreEqual(new[] { "docs/", "docs/README.md" }, names);
    }

    [TestMethod]
    public void Write_ExtraFile_IsAddedInOrderWithFixedMetadata()
    {
        using var context = new TempTree();
        context.WriteFile("a.txt", "a");
        context.WriteFile("z/z.txt", "z");
        byte[] dockerfile = Encoding.UTF8.GetBytes("FROM scratch\n");
        BuildContextExtraFile[] extras = [new(".containerstages.Dockerfile", dockerfile), new("m.txt", [1, 2, 3])];

        var (tar, result) = Write(context.Root, extraFiles: extras);
        var entries = TarTestReader.ReadEntries(tar);

        CollectionAssert.AreEqual(new[] { ".containerstages.Dockerfile", "a.txt", "m.txt", "z/", "z/z.txt" }, entries.Select(e => e.Name).ToArray());
        var extra = entries[0];
        CollectionAssert.AreEqual(dockerfile, extra.Content);
        Assert.AreEqual(Mode644, extra.Mode);
        Assert.AreEqual(DateTimeOffset.UnixEpoch, extra.ModificationTime);
        Assert.AreEqual(4, result.FileCount);
        Assert.AreEqual(1 + 1 + dockerfile.Length + 3, result.FileBytes);
    }

    [TestMethod]
    public void Write_ExtraFileNamedLikeAContextFile_ReplacesIt()
    {
        using var context = new TempTree();
        context.WriteFile("Dockerfile", "old");
        context.WriteFile("b.txt", "b");

        var entries = TarTestReader.ReadEntries(Write(context.Root, extraFiles: [new("Dockerfile", Encoding.UTF8.GetBytes("new"))]).Tar);

        CollectionAssert.AreEqual(new[] { "Dockerfile", "b.txt" }, entries.Select(e => e.Name).ToArray());
        Assert.AreEqual("new", Encoding.UTF8.GetString(entries[0].Content));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("dir/Dockerfile")]
    [DataRow("dir\\Dockerfile")]
    [DataRow("..")]
    [DataRow("existing-directory")]
    public void Write_InvalidExtraFileName_Throws(string name)
    {
        using var context = new TempTree();
        context.CreateFolder("existing-directory");

        Assert.ThrowsExactly<ArgumentException>(() =>
            BuildContextTar.Write(context.Root, DockerIgnoreRules.Empty, new MemoryStream(), [new BuildContextExtraFile(name, [])]));
    }

    [TestMethod]
    public void Write_DuplicateExtraFileNames_Throw()
    {
        using var context = new TempTree();

        Assert.ThrowsExactly<ArgumentException>(() =>
            BuildContextTar.Write(context.Root, DockerIgnoreRules.Empty, new MemoryStream(), [new("a", []), new("a", [1])]));
    }

    [TestMethod]
    public void Write_NonSeekableOutput_IsWrittenSequentially()
    {
        using var context = new TempTree();
        context.WriteFile("a.txt", new string('a', 70_000));
        context.WriteFile("b/c.txt", "c");
        var target = new MemoryStream();
        using var forwardOnly = new ForwardOnlyStream(target);

        var result = BuildContextTar.Write(context.Root, DockerIgnoreRules.Empty, forwardOnly);

        Assert.AreEqual(target.Length, result.TotalBytes);
        Assert.HasCount(3, TarTestReader.ReadEntries(target.ToArray()));
        Assert.IsFalse(forwardOnly.IsDisposed, "the output was closed");
    }

    [TestMethod]
    public void Write_CancelledBeforeStart_ThrowsAndWritesNothing()
    {
        using var context = new TempTree();
        context.WriteFile("a.txt", "a");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var output = new MemoryStream();

        Assert.ThrowsExactly<OperationCanceledException>(() =>
            BuildContextTar.Write(context.Root, DockerIgnoreRules.Empty, output, cancellationToken: cancellation.Token));
        Assert.AreEqual(0, output.Length);
    }

    [TestMethod]
    public void Write_CancelledBetweenEntries_StopsWithoutEndingTheArchive()
    {
        using var context = new TempTree();
        for (int i = 0; i < 5; i++)
        {
            context.WriteFile($"file{i}.txt", "content");
        }

        using var cancellation = new CancellationTokenSource();
        var target = new MemoryStream();
        using var cancelOnFirstWrite = new ForwardOnlyStream(target, onWrite: cancellation.Cancel);

        Assert.ThrowsExactly<OperationCanceledException>(() =>
            BuildContextTar.Write(context.Root, DockerIgnoreRules.Empty, cancelOnFirstWrite, cancellationToken: cancellation.Token));

        // One entry went out; no end-of-archive blocks, so the engine cannot take it for a whole context.
        byte[] written = target.ToArray();
        Assert.AreEqual(1024, written.Length);
        Assert.HasCount(1, TarTestReader.ReadRawHeaders(written));
    }

    [TestMethod]
    public void Write_EmptyContext_IsAValidEmptyArchive()
    {
        using var context = new TempTree();

        var (tar, result) = Write(context.Root);

        Assert.AreEqual(0, result.EntryCount);
        Assert.IsEmpty(TarTestReader.ReadEntries(tar));
    }

    private static (byte[] Tar, BuildContextTarResult Result) Write(
        string root, DockerIgnoreRules? rules = null, IReadOnlyList<BuildContextExtraFile>? extraFiles = null)
    {
        rules ??= DockerIgnoreRules.Parse(File.Exists(Path.Combine(root, ".dockerignore")) ? File.ReadAllText(Path.Combine(root, ".dockerignore")) : string.Empty);
        using var output = new MemoryStream();
        var result = BuildContextTar.Write(root, rules, output, extraFiles);
        return (output.ToArray(), result);
    }

    private static void SkipWithoutSymbolicLinks() => BuildContextFileEnumeratorTests.SkipWithoutSymbolicLinks();
}
