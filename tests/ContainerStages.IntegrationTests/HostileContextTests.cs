using System.Formats.Tar;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// Build contexts that trip up naive walkers (loops, links out, a FIFO, a socket, odd names, long paths,
/// an unreadable file): what ContainerStages sends is what the Docker CLI sends for the same folder, the
/// engine builds it, and what cannot be sent is a coded error naming the path, never a hang.
/// </summary>
[TestClass]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostileContextTests
{
    private static readonly string[] OddNames = ["with space.txt", "line\nbreak.txt", "ünïcødé-日本.txt", @"back\slash.txt"];

    private static TestProjectRoot s_root = null!;

    [ClassInitialize]
    public static void CreateRoot(TestContext _)
    {
        TestEnvironment.RequireEngine();
        s_root = TestProjectRoot.Create("hostile");
        s_root.WriteProject("App/App.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType><InvariantGlobalization>true</InvariantGlobalization>");
        s_root.WriteFile("App/Program.cs", "Console.WriteLine(1);\n");
        s_root.WriteFile("App/Dockerfile.copy", $"""
            FROM {StandInImages.Runtime} AS runtime
            COPY hostile/ /ctx/
            """);
    }

    [ClassCleanup]
    public static void RemoveEverything() => s_root?.Dispose();

    [TestMethod]
    public void Hostile_context_goes_out_as_the_Docker_CLI_sends_it_and_builds()
    {
        string hostile = Path.Combine(s_root.Root, "hostile");
        Directory.CreateDirectory(Path.Combine(hostile, "src"));
        File.WriteAllText(Path.Combine(hostile, "a.txt"), "a");
        File.CreateSymbolicLink(Path.Combine(hostile, "self"), "self");
        File.CreateSymbolicLink(Path.Combine(hostile, "ping"), "pong");
        File.CreateSymbolicLink(Path.Combine(hostile, "pong"), "ping");
        Directory.CreateSymbolicLink(Path.Combine(hostile, "src", "up"), "..");
        File.CreateSymbolicLink(Path.Combine(hostile, "passwd"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(hostile, "outside"), "../../..");
        Assert.IsTrue(ProcessRunner.Run("mkfifo", [Path.Combine(hostile, "pipe")]).Succeeded);
        foreach (string name in OddNames)
        {
            File.WriteAllText(Path.Combine(hostile, name), name);
        }

        string longPath = Path.Combine(hostile, string.Join('/', Enumerable.Range(0, 4).Select(i => new string((char)('a' + i), 60))));
        Directory.CreateDirectory(longPath);
        File.WriteAllText(Path.Combine(longPath, new string('e', 70) + ".txt"), "deep");

        // Kept open for the whole test: disposing a bound socket removes its file.
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(hostile, "agent.sock")));

        string image = s_root.Image("hostile");
        var built = s_root.DotNet(["publish", "App/App.csproj", "-p:ContainerStages=true", $"-p:ContainerStagesDockerfile={Path.Combine(s_root.Root, "App/Dockerfile.copy")}", $"-p:ContainerRepository={image}"]);
        Assert.IsTrue(built.Succeeded, built.ToString());
        StringAssert.Contains(built.Output, "warning CSTG1090: Left hostile/agent.sock out of the build context");

        // The same folder, through an endpoint that keeps the context: first ours, then the Docker CLI's.
        byte[] ours = CaptureContext(engine => s_root.DotNet(
            ["publish", "App/App.csproj", "-p:ContainerStages=true", $"-p:ContainerStagesDockerfile={Path.Combine(s_root.Root, "App/Dockerfile.copy")}", $"-p:ContainerRepository={image}"],
            new Dictionary<string, string?> { ["DOCKER_HOST"] = engine.DockerHost }));
        byte[] theirs = CaptureContext(engine => ProcessRunner.Run(
            "docker", ["build", "-f", "App/Dockerfile.copy", "."], s_root.Root,
            new Dictionary<string, string?> { ["DOCKER_HOST"] = engine.DockerHost, ["DOCKER_BUILDKIT"] = "0", ["DOCKER_CONTEXT"] = null }));

        var oursEntries = Entries(ours);
        var theirEntries = Entries(theirs);
        CollectionAssert.AreEquivalent(theirEntries.Keys.ToList(), oursEntries.Keys.ToList(),
            $"Only the CLI sent: {string.Join(", ", theirEntries.Keys.Except(oursEntries.Keys))}; only ContainerStages sent: {string.Join(", ", oursEntries.Keys.Except(theirEntries.Keys))}");
        foreach (var (name, entry) in theirEntries)
        {
            Assert.AreEqual(entry, oursEntries[name], $"{name} differs from what the Docker CLI sends");
        }

        Assert.AreEqual("hostile/pipe", theirEntries.Single(e => e.Value.Type == TarEntryType.Fifo).Key);
        Assert.IsFalse(theirEntries.ContainsKey("hostile/agent.sock"));

        // And BuildKit took it: the odd names and the long path are in the image as they were on disk.
        var listing = DockerCli.Run("run", "--rm", "--entrypoint", "find", $"{image}:1.0.0", "/ctx", "-printf", "%y %P|");
        Assert.IsTrue(listing.Succeeded, listing.ToString());
        var found = listing.Output.Split('|', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        foreach (string name in OddNames)
        {
            CollectionAssert.Contains(found.ToList(), "f " + name, listing.Output);
        }

        // BuildKit's COPY leaves the FIFO out (it does so for the CLI's context too); it never becomes an empty file.
        CollectionAssert.DoesNotContain(found.ToList(), "f pipe", listing.Output);
        CollectionAssert.Contains(found.ToList(), "l self", listing.Output);
        CollectionAssert.Contains(found.ToList(), "f " + Path.GetRelativePath(hostile, Path.Combine(longPath, new string('e', 70) + ".txt")), listing.Output);
    }

    [TestMethod]
    public void Unreadable_file_is_CSTG0090_naming_it_as_docker_build_fails_and_nothing_is_tagged()
    {
        string secret = s_root.WriteFile("hostile-unreadable/key.pem", "private");
        File.SetUnixFileMode(secret, UnixFileMode.None);
        s_root.WriteFile("App/Dockerfile.unreadable", $"""
            FROM {StandInImages.Runtime} AS runtime
            COPY hostile-unreadable/ /ctx/
            """);
        string image = s_root.Image("unreadable");
        try
        {
            // Root reads any file: without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH it is held to the
            // permission bits like any user, and keeps its access to the engine's socket.
            var publish = WithoutReadOverride(
                "dotnet", ["publish", "App/App.csproj", "-p:ContainerStages=true", $"-p:ContainerStagesDockerfile={Path.Combine(s_root.Root, "App/Dockerfile.unreadable")}", $"-p:ContainerRepository={image}", "-tl:off", "-nodeReuse:false"],
                new Dictionary<string, string?> { ["NUGET_PACKAGES"] = s_root.PackagesFolder, ["MSBUILDDISABLENODEREUSE"] = "1" });

            Assert.IsFalse(publish.Succeeded, publish.ToString());
            StringAssert.Contains(publish.Output, $"error CSTG0090: Cannot read {secret} in the build context (permission denied)", publish.ToString());
            StringAssert.DoesNotMatch(publish.Output, new Regex(@"^\s+at [A-Z]\w+(\.\w+)+\(", RegexOptions.Multiline), "A stack trace reached the user.\n" + publish);
            Assert.IsEmpty(DockerCli.ImagesWithPrefix(image), "A failed build left a tagged image.");

            // The Docker CLI refuses the same context.
            using var engine = new ContextCapturingEngine();
            var cli = WithoutReadOverride(
                "docker", ["build", "-f", "App/Dockerfile.unreadable", "."],
                new Dictionary<string, string?> { ["DOCKER_HOST"] = engine.DockerHost, ["DOCKER_BUILDKIT"] = "0", ["DOCKER_CONTEXT"] = null });
            Assert.IsFalse(cli.Succeeded, cli.ToString());
            StringAssert.Contains(cli.Output, "key.pem", cli.ToString());
            Console.WriteLine($"ContainerStages: {Regex.Match(publish.Output, "error CSTG0090: [^\n]*").Value}\ndocker build: {cli.Output.Trim()}");
        }
        finally
        {
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static ProcessResult WithoutReadOverride(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment) =>
        ProcessRunner.Run(
            "setpriv",
            ["--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search", command, .. arguments],
            s_root.Root,
            environment,
            TimeSpan.FromMinutes(5));

    private static byte[] CaptureContext(Func<ContextCapturingEngine, ProcessResult> run)
    {
        using var engine = new ContextCapturingEngine();
        var result = run(engine);
        var context = engine.WaitForContext(TimeSpan.FromSeconds(10));
        Assert.IsNotNull(context, "No build request reached the capturing engine.\n" + result);
        return context;
    }

    /// <summary>Each entry by its name (directories without the trailing "/"): type, link, mode and a hash of the content.</summary>
    private static Dictionary<string, (TarEntryType Type, string Link, UnixFileMode Mode, string Content)> Entries(byte[] tar)
    {
        var entries = new Dictionary<string, (TarEntryType, string, UnixFileMode, string)>(StringComparer.Ordinal);
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            var type = entry.EntryType is TarEntryType.V7RegularFile ? TarEntryType.RegularFile : entry.EntryType;
            string content = entry.DataStream is { } data ? Convert.ToHexString(SHA256.HashData(data)) : string.Empty;
            entries[entry.Name.TrimEnd('/')] = (type, entry.LinkName ?? string.Empty, entry.Mode, content);
        }

        return entries;
    }
}
