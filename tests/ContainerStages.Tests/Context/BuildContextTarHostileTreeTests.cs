using System.Buffers.Binary;
using System.Diagnostics;
using System.Formats.Tar;
using System.Net.Sockets;
using System.Text;
using ContainerStages.Context;

namespace ContainerStages.Tests.Context;

/// <summary>
/// Contexts that trip up naive walkers and tar writers: loops, links out, special files, files that
/// change while they are sent, odd names, long paths, huge files and unreadable files. Each ends as
/// the Docker CLI ends it, or in a coded error naming the path: never a hang or a stack trace.
/// </summary>
[TestClass]
public sealed class BuildContextTarHostileTreeTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);

    [TestMethod]
    public void Write_SymbolicLinkLoops_AreStoredAsLinksAndTheWalkEnds()
    {
        BuildContextFileEnumeratorTests.SkipWithoutSymbolicLinks();
        using var context = new TempTree();
        context.WriteFile("src/a.txt", "a");
        File.CreateSymbolicLink(context.FullPath("self"), "self");
        File.CreateSymbolicLink(context.FullPath("ping"), "pong");
        File.CreateSymbolicLink(context.FullPath("pong"), "ping");
        Directory.CreateSymbolicLink(context.FullPath("src/up"), "..");
        Directory.CreateSymbolicLink(context.FullPath("here"), ".");

        var entries = TarTestReader.ReadEntries(WriteWithin(context.Root).Tar);

        var links = entries.Where(e => e.Type == TarEntryType.SymbolicLink).ToDictionary(e => e.Name, e => e.LinkName);
        CollectionAssert.AreEquivalent(new[] { "self", "ping", "pong", "src/up", "here" }, links.Keys.ToArray());
        Assert.AreEqual("..", links["src/up"]);
        Assert.AreEqual(".", links["here"]);
        CollectionAssert.AreEqual(new[] { "here", "ping", "pong", "self", "src/", "src/a.txt", "src/up" }, entries.Select(e => e.Name).ToArray());
    }

    [TestMethod]
    public void Write_LinksOutOfTheContext_KeepTheirTargetsAndNothingOutsideIsRead()
    {
        BuildContextFileEnumeratorTests.SkipWithoutSymbolicLinks();
        using var context = new TempTree();
        File.CreateSymbolicLink(context.FullPath("passwd"), "/etc/passwd");
        Directory.CreateSymbolicLink(context.FullPath("root"), "/");
        Directory.CreateSymbolicLink(context.FullPath("parent"), "../..");

        var entries = TarTestReader.ReadEntries(WriteWithin(context.Root).Tar);

        CollectionAssert.AreEqual(new[] { "parent", "passwd", "root" }, entries.Select(e => e.Name).ToArray());
        Assert.IsTrue(entries.All(e => e.Type == TarEntryType.SymbolicLink && e.Content.Length == 0));
        Assert.AreEqual("/etc/passwd", entries[1].LinkName);
    }

    [TestMethod]
    public void Write_Fifo_IsSentAsAFifoAndNeverOpened()
    {
        SkipOnWindows();
        using var context = new TempTree();
        context.WriteFile("a.txt", "a");
        Run("mkfifo", context.FullPath("pipe"));

        // Opening a FIFO for reading blocks until a writer comes: a hang here would be the bug.
        var entries = TarTestReader.ReadEntries(WriteWithin(context.Root).Tar);

        var fifo = entries.Single(e => e.Name == "pipe");
        Assert.AreEqual(TarEntryType.Fifo, fifo.Type);
        Assert.IsEmpty(fifo.Content);
    }

    [TestMethod]
    public void Write_Socket_IsLeftOutAndReported()
    {
        SkipOnWindows();
        using var context = new TempTree();
        context.WriteFile("a.txt", "a");
        // Kept open: disposing a bound socket removes its file.
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(context.FullPath("agent.sock")));

        var (tar, result) = WriteWithin(context.Root);

        CollectionAssert.AreEqual(new[] { "a.txt" }, TarTestReader.ReadEntries(tar).Select(e => e.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "agent.sock" }, result.LeftOut.ToArray());
    }

    [TestMethod]
    public void Write_SocketSortedFirst_DoesNotKeepAShortEntryFromGoingFirst()
    {
        SkipOnWindows();
        using var context = new TempTree();
        string longFolder = new string('l', 120);
        context.WriteFile(longFolder + "/inner.txt", "inner");
        context.WriteFile("z.txt", "z");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(context.FullPath("0.sock")));

        byte[] tar = WriteWithin(context.Root).Tar;

        // BuildKit reads the first 1024 bytes as a tar header or takes the whole body for a Dockerfile.
        Assert.AreEqual('0', TarTestReader.ReadRawHeaders(tar)[0].TypeFlag, "the first header is not z.txt's");
        Assert.AreEqual("z.txt", TarTestReader.ReadEntries(tar)[0].Name);
    }

    [TestMethod]
    public void Write_DeviceNode_IsSentWithItsDeviceNumbers()
    {
        SkipOnWindows();
        using var context = new TempTree();
        if (!ProcessSucceeds("mknod", context.FullPath("null"), "c", "1", "3"))
        {
            Assert.Inconclusive("mknod needs root.");
        }

        byte[] tar = WriteWithin(context.Root).Tar;

        using var reader = new TarReader(new MemoryStream(tar));
        var device = reader.GetNextEntry()!;
        Assert.AreEqual(TarEntryType.CharacterDevice, device.EntryType);
        Assert.AreEqual(1, ((PosixTarEntry)device).DeviceMajor);
        Assert.AreEqual(3, ((PosixTarEntry)device).DeviceMinor);
    }

    [TestMethod]
    public void Write_FileGrowingWhileItIsSent_KeepsTheSizeItHadWhenOpened()
    {
        using var context = new TempTree();
        string log = context.WriteFile("app.log", new string('a', 1000));
        context.WriteFile("z.txt", "after");
        var target = new MemoryStream();

        // The first write is the log's header: the file is open, its content not yet read.
        using var growOnHeader = new ForwardOnlyStream(target, onWrite: () => File.AppendAllText(log, new string('b', 1_000_000)));
        BuildContextTar.Write(context.Root, DockerIgnoreRules.Empty, growOnHeader);

        var entries = TarTestReader.ReadEntries(target.ToArray());
        CollectionAssert.AreEqual(new[] { "app.log", "z.txt" }, entries.Select(e => e.Name).ToArray());
        Assert.AreEqual(new string('a', 1000), Encoding.ASCII.GetString(entries[0].Content));
        Assert.AreEqual("after", Encoding.ASCII.GetString(entries[1].Content));
    }

    [TestMethod]
    public void Write_FileShrinkingWhileItIsSent_IsPaddedToTheSizeItsHeaderStates()
    {
        using var context = new TempTree();
        string log = context.WriteFile("app.log", new string('a', 1000));
        context.WriteFile("z.txt", "after");
        var target = new MemoryStream();

        using var truncateOnHeader = new ForwardOnlyStream(target, onWrite: () => File.WriteAllText(log, new string('a', 10)));
        BuildContextTar.Write(context.Root, DockerIgnoreRules.Empty, truncateOnHeader);

        var entries = TarTestReader.ReadEntries(target.ToArray());
        CollectionAssert.AreEqual(new[] { "app.log", "z.txt" }, entries.Select(e => e.Name).ToArray());
        Assert.HasCount(1000, entries[0].Content);
        Assert.AreEqual(new string('a', 10), Encoding.ASCII.GetString(entries[0].Content, 0, 10));
        Assert.IsFalse(entries[0].Content.AsSpan(10).ContainsAnyExcept((byte)0));
        Assert.AreEqual("after", Encoding.ASCII.GetString(entries[1].Content));
    }

    [TestMethod]
    public void Write_NamesWithSpacesNewlinesNonAsciiAndBackslashes_ArriveUnchangedAndMatchTheRules()
    {
        SkipOnWindows();
        using var context = new TempTree();
        string[] names = ["with space.txt", "line\nbreak.txt", "ünïcødé-日本.txt", @"back\slash.txt", "tab\there.txt", " leading-space", "dir with space/inner file.txt"];
        foreach (string name in names)
        {
            context.WriteFile(name, name);
        }

        context.WriteFile(@"skip\me.log", "excluded");
        context.WriteFile("über.log", "excluded");

        var (tar, _) = WriteWithin(context.Root, DockerIgnoreRules.Parse("*.log\n"));

        var entries = TarTestReader.ReadEntries(tar).Where(e => e.Type == TarEntryType.RegularFile).ToList();
        CollectionAssert.AreEquivalent(names, entries.Select(e => e.Name).ToArray());
        foreach (var entry in entries)
        {
            Assert.AreEqual(entry.Name, Encoding.UTF8.GetString(entry.Content), "content of " + entry.Name);
        }
    }

    [TestMethod]
    public void Write_PathLongerThan255Bytes_ArrivesWhole()
    {
        using var context = new TempTree();

        // 5 folders of 60 bytes and a 70-byte name with multi-byte characters: over 400 bytes of path.
        string path = string.Join('/', Enumerable.Range(0, 5).Select(i => new string((char)('a' + i), 60))) + "/" + new string('é', 35) + ".txt";
        Assert.IsGreaterThan(255, Encoding.UTF8.GetByteCount(path));
        context.WriteFile(path, "deep");

        var entries = TarTestReader.ReadEntries(WriteWithin(context.Root).Tar);

        Assert.AreEqual(path, entries[^1].Name);
        Assert.AreEqual("deep", Encoding.ASCII.GetString(entries[^1].Content));
        Assert.AreEqual(6, entries.Count(e => e.Type == TarEntryType.Directory) + 1);
    }

    [TestMethod]
    public void Write_SparseFileLargerThan8GiB_GetsABase256SizeAndEveryByte()
    {
        // On tmpfs, reading a hole copies the shared zero page: nothing is written to disk or kept in
        // memory (a hole on a disk file system fills 8 GiB of page cache with zeros as it is read).
        using var context = new TempTree(Directory.Exists("/dev/shm") ? "/dev/shm" : null);
        long size = (8L << 30) + 4097;
        using (var file = new FileStream(context.FullPath("disk.img"), FileMode.CreateNew))
        {
            file.SetLength(size);
        }

        var sink = new CountingSink(keep: 512);
        var stopwatch = Stopwatch.StartNew();
        var result = BuildContextTar.Write(context.Root, DockerIgnoreRules.Empty, sink);

        // ustar's 11 octal digits stop at 8 GiB - 1; GNU (and Go, which BuildKit reads it with) then store the size as a base-256 number.
        byte[] header = sink.Head;
        Assert.AreEqual(0x80, header[124], "the size field is not base-256");
        Assert.AreEqual(size, BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(128, 8)));
        Assert.AreEqual(size, result.FileBytes);
        Assert.AreEqual(512 + ((size + 511) / 512 * 512) + 1024, sink.Count);
        Assert.AreEqual(sink.Count, result.TotalBytes);
        Console.WriteLine($"8 GiB + 4097 bytes (sparse, in {context.Root}) streamed into a counting sink in {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    [TestMethod]
    public void Write_FileTheUserCannotRead_IsCSTG0090NamingIt()
    {
        SkipOnWindows();
        using var context = new TempTree();
        context.WriteFile("a.txt", "a");
        string secret = context.WriteFile("secret/key.pem", "private");
        MakeUnreadable(secret);

        var error = FileSystemIdentity.AsUnprivilegedUser(() =>
            Assert.ThrowsExactly<ContainerStagesException>(() => BuildContextTar.Write(context.Root, DockerIgnoreRules.Empty, new MemoryStream())));

        Assert.AreEqual("ContextEntryUnreadable", error.ResourceName);
        Assert.AreEqual(secret, error.Arguments[0]);
        StringAssert.StartsWith(ResourceText(error), "CSTG0090: Cannot read " + secret);
    }

    [TestMethod]
    public void Write_UnreadableFileLeftOutByTheRules_IsNoError()
    {
        SkipOnWindows();
        using var context = new TempTree();
        context.WriteFile("a.txt", "a");
        MakeUnreadable(context.WriteFile("secret/key.pem", "private"));

        var result = FileSystemIdentity.AsUnprivilegedUser(() => BuildContextTar.Write(context.Root, DockerIgnoreRules.Parse("secret\n"), new MemoryStream()));

        Assert.AreEqual(1, result.FileCount);
    }

    private static (byte[] Tar, BuildContextTarResult Result) WriteWithin(string root, DockerIgnoreRules? rules = null)
    {
        using var output = new MemoryStream();
        var writing = Task.Run(() => BuildContextTar.Write(root, rules ?? DockerIgnoreRules.Empty, output));
        Assert.IsTrue(writing.Wait(NoHang), $"Writing the context did not end within {NoHang.TotalSeconds:0} s.");
        return (output.ToArray(), writing.Result);
    }

    private static string ResourceText(ContainerStagesException error) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture,
            new System.Resources.ResourceManager("ContainerStages.Resources.Strings", typeof(BuildContextTar).Assembly).GetString(error.ResourceName)!,
            error.Arguments);

    private static void MakeUnreadable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.None);
        }
    }

    private static void SkipOnWindows()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("Unix file types only.");
        }
    }

    private static void Run(string command, params string[] arguments) =>
        Assert.IsTrue(ProcessSucceeds(command, arguments), $"{command} failed");

    private static bool ProcessSucceeds(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
