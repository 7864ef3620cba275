using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// Ctrl+C, as a terminal sends it (SIGINT to the foreground process group), while the engine builds,
/// pushes or exports: dotnet publish returns promptly, the engine stops the work, and nothing half-done
/// is left behind (no tag, no manifest in the registry, no archive).
/// </summary>
[TestClass]
public sealed class CancellationTests
{
    private static readonly TimeSpan ExitAllowance = TimeSpan.FromSeconds(30);

    private static TestProjectRoot s_root = null!;

    [ClassInitialize]
    public static void CreateRoot(TestContext _)
    {
        TestEnvironment.RequireEngine();
        s_root = TestProjectRoot.Create("cancel");
        s_root.WriteProject("App/App.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType><InvariantGlobalization>true</InvariantGlobalization>");
        s_root.WriteFile("App/Program.cs", "Console.WriteLine(1);\n");
    }

    [ClassCleanup]
    public static void RemoveEverything() => s_root?.Dispose();

    [TestMethod]
    public void Ctrl_C_mid_build_stops_the_build_promptly_and_tags_nothing()
    {
        string marker = "containerstages-" + s_root.Id;
        string dockerfile = s_root.WriteFile("App/Dockerfile.slow", $"""
            FROM {StandInImages.Runtime} AS runtime
            RUN echo started && {SlowBuildStep.Command(marker)}
            """);
        string image = s_root.Image("slow");

        using var publish = StartPublish($"-p:ContainerStagesDockerfile={dockerfile}", $"-p:ContainerRepository={image}");
        Assert.IsTrue(publish.WaitForOutput("RUN echo started", TimeSpan.FromMinutes(5)), "The build never reached the slow step.\n" + publish.Output);
        Assert.IsTrue(SlowBuildStep.WaitUntilRunning(marker, TimeSpan.FromSeconds(30)), "The slow step is not running.\n" + publish.Output);

        var toExit = Interrupt(publish);

        // BuildKit kills the step's processes once the request is gone.
        var stopwatch = Stopwatch.StartNew();
        bool gone = SlowBuildStep.WaitUntilGone(marker, TimeSpan.FromSeconds(30));
        var toStop = toExit + stopwatch.Elapsed;
        Assert.IsTrue(gone, $"The build step still runs {toStop.TotalSeconds:0.0} s after Ctrl+C.");
        Assert.IsEmpty(DockerCli.ImagesWithPrefix(image), "A cancelled build left a tagged image.");
        Console.WriteLine($"Ctrl+C mid-build: dotnet publish returned after {toExit.TotalSeconds:0.00} s; the build step was gone after {toStop.TotalSeconds:0.00} s.");
    }

    [TestMethod]
    public void Ctrl_C_mid_push_stops_the_upload_and_the_registry_gets_no_manifest()
    {
        var registry = LocalRegistry.Instance;
        string image = s_root.Image("push-cancelled");

        // A layer of its own, so the registry cannot mount it from another repository and the upload takes a while.
        string dockerfile = s_root.WriteFile("App/Dockerfile.push", $"""
            FROM {StandInImages.Runtime} AS runtime
            RUN head -c 24000000 /dev/urandom > /payload-{s_root.Id}
            """);

        // The proxy passes TLS through, so the engine checks the registry's own certificate under the proxy's address.
        using var proxy = new ThrottledTcpProxy(IPEndPoint.Parse(registry.Host), upstreamBytesPerSecond: 1_000_000, downstreamBytesPerSecond: 0);
        string proxied = $"127.0.0.1:{proxy.Port}";
        string certs = $"/etc/docker/certs.d/{proxied}";
        Directory.CreateDirectory(certs);
        File.Copy(registry.CaPath, Path.Combine(certs, "ca.crt"), overwrite: true);
        try
        {
            using var publish = StartPublish(
                new Dictionary<string, string?>
                {
                    ["DOTNET_CONTAINER_REGISTRY_UNAME"] = LocalRegistry.UserName,
                    ["DOTNET_CONTAINER_REGISTRY_PWORD"] = registry.Password,
                },
                $"-p:ContainerStagesDockerfile={dockerfile}",
                $"-p:ContainerRepository={image}",
                "-p:ContainerImageTag=1",
                $"-p:ContainerRegistry={proxied}");
            Assert.IsTrue(publish.WaitForOutput("CSTG1027: Pushing", TimeSpan.FromMinutes(5)), "The push never started.\n" + publish.Output);
            var uploading = Stopwatch.StartNew();
            while (proxy.UpstreamBytes < 4_000_000 && uploading.Elapsed < TimeSpan.FromMinutes(2) && !publish.HasExited)
            {
                Thread.Sleep(100);
            }

            Assert.IsGreaterThanOrEqualTo(4_000_000L, proxy.UpstreamBytes, "The engine did not upload through the proxy.\n" + publish.Output);

            var toExit = Interrupt(publish);
            long atInterrupt = proxy.UpstreamBytes;

            Assert.IsTrue(proxy.WaitUntilQuiet(p => p.UpstreamBytes, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30)), "The engine kept uploading after Ctrl+C.");
            long uploaded = proxy.UpstreamBytes;
            Assert.IsLessThan(24_000_000L, uploaded, "The whole layer went up although the push was cancelled.");
            Assert.IsNull(registry.ManifestDigest(image, "1"), "The registry holds a manifest of the cancelled push.");
            Console.WriteLine($"Ctrl+C mid-push: dotnet publish returned after {toExit.TotalSeconds:0.00} s; the engine uploaded {(uploaded - atInterrupt) / 1000} kB more after it, {uploaded / 1000} kB in all.");
        }
        finally
        {
            var references = DockerCli.ReferencesWithPrefix($"{proxied}/");
            if (references.Count > 0)
            {
                DockerCli.Run(["rmi", .. references]);
            }

            Directory.Delete(certs, recursive: true);
        }
    }

    [TestMethod]
    public void Ctrl_C_mid_archive_save_leaves_no_archive_behind()
    {
        string image = s_root.Image("save-cancelled");
        string dockerfile = s_root.WriteFile("App/Dockerfile.save", $"""
            FROM {StandInImages.Runtime} AS runtime
            LABEL org.containerstages.test="{s_root.Id}"
            """);
        string folder = Path.Combine(s_root.Root, "archives-" + Guid.NewGuid().ToString("N")[..6]);

        // The engine's export comes through a slow link: the save is still streaming when Ctrl+C comes.
        using var proxy = new ThrottledTcpProxy(new UnixDomainSocketEndPoint("/var/run/docker.sock"), upstreamBytesPerSecond: 0, downstreamBytesPerSecond: 2_000_000);
        using var publish = StartPublish(
            new Dictionary<string, string?> { ["DOCKER_HOST"] = $"tcp://127.0.0.1:{proxy.Port}", ["DOCKER_TLS_VERIFY"] = null, ["DOCKER_CERT_PATH"] = null },
            $"-p:ContainerStagesDockerfile={dockerfile}",
            $"-p:ContainerRepository={image}",
            $"-p:ContainerArchiveOutputPath={folder}/");
        // MSBuild prints a target's name with its first message, so the archive being written is what to wait for.
        var saving = Stopwatch.StartNew();
        while (TemporaryArchiveBytes(folder) < 4_000_000 && saving.Elapsed < TimeSpan.FromMinutes(10) && !publish.HasExited)
        {
            Thread.Sleep(100);
        }

        Assert.IsGreaterThanOrEqualTo(4_000_000L, TemporaryArchiveBytes(folder), "The archive was not being written.\n" + publish.Output);

        var toExit = Interrupt(publish);

        string[] left = Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];
        Assert.IsEmpty(left, "A cancelled save left files behind: " + string.Join(", ", left));
        Assert.IsTrue(proxy.WaitUntilQuiet(p => p.DownstreamBytes, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30)), "The export kept streaming after Ctrl+C.");
        Console.WriteLine($"Ctrl+C mid-save: dotnet publish returned after {toExit.TotalSeconds:0.00} s; nothing left in {folder}.");
    }

    private static RunningProcess StartPublish(params string[] arguments) => StartPublish(new Dictionary<string, string?>(), arguments);

    private static RunningProcess StartPublish(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var env = new Dictionary<string, string?>(environment)
        {
            ["NUGET_PACKAGES"] = s_root.PackagesFolder,
            ["MSBUILDDISABLENODEREUSE"] = "1",
        };
        return new RunningProcess(
            "dotnet",
            ["publish", "App/App.csproj", "-p:ContainerStages=true", .. arguments, "-tl:off", "-v:n", "-nodeReuse:false"],
            s_root.Root,
            env,
            asTerminalJob: true);
    }

    /// <summary>Sends Ctrl+C and checks that dotnet publish returns in time, with a failure and no stack trace.</summary>
    private static TimeSpan Interrupt(RunningProcess publish)
    {
        var stopwatch = Stopwatch.StartNew();
        publish.Interrupt();
        bool exited = publish.WaitForExit(ExitAllowance);
        var toExit = stopwatch.Elapsed;
        Assert.IsTrue(exited, $"dotnet publish did not return within {ExitAllowance.TotalSeconds:0} s of Ctrl+C.\n" + publish.Output);
        Assert.AreNotEqual(0, publish.ExitCode, "A cancelled publish reported success.\n" + publish.Output);
        StringAssert.DoesNotMatch(publish.Output, new Regex(@"^\s+at [A-Z]\w+(\.\w+)+\(", RegexOptions.Multiline), "A stack trace reached the user.\n" + publish.Output);
        StringAssert.DoesNotMatch(publish.Output, new Regex(@"error CSTG\d{4}"), "Ctrl+C is no failure of ours to report.\n" + publish.Output);
        return toExit;
    }

    private static long TemporaryArchiveBytes(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
}
