using System.Diagnostics;
using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// A real engine that fails under the build: restarted in the middle of a step, or out of disk space.
/// Each test owns a second dockerd (the machine's engine is shared and never touched) with only the
/// stand-in it needs. One coded error, nothing tagged, and the next publish works once the engine does.
/// </summary>
[TestClass]
public sealed class EngineFaultTests
{
    private static TestProjectRoot s_root = null!;

    [ClassInitialize]
    public static void CreateRoot(TestContext _)
    {
        TestEnvironment.RequireEngine();
        s_root = TestProjectRoot.Create("engine-fault");
        s_root.WriteProject("App/App.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>");
        s_root.WriteFile("App/Program.cs", "Console.WriteLine(1);\n");
    }

    [ClassCleanup]
    public static void RemoveEverything() => s_root?.Dispose();

    [TestMethod]
    public void Engine_restarted_mid_build_is_CSTG0025_and_the_next_publish_succeeds()
    {
        using var engine = SecondEngine.Start();
        engine.LoadFromDefaultEngine(StandInImages.RuntimeDeps);

        // The step sleeps as long as the context says: long for the build the restart cuts, not at all for the next one.
        s_root.WriteFile("pause", "300");
        string dockerfile = s_root.WriteFile("App/Dockerfile.restart", $"""
            FROM {StandInImages.RuntimeDeps} AS runtime
            COPY pause /pause
            RUN echo started && sleep $(cat /pause) && echo slept > /slept
            """);
        string image = s_root.Image("restarted");
        var environment = new Dictionary<string, string?> { ["DOCKER_HOST"] = engine.UnixAddress, ["NUGET_PACKAGES"] = s_root.PackagesFolder, ["MSBUILDDISABLENODEREUSE"] = "1" };

        string[] publishArguments = ["publish", "App/App.csproj", "-p:ContainerStages=true", $"-p:ContainerStagesDockerfile={dockerfile}", $"-p:ContainerRepository={image}", "-tl:off", "-v:n", "-nodeReuse:false"];
        using (var publish = new RunningProcess("dotnet", publishArguments, s_root.Root, environment))
        {
            Assert.IsTrue(publish.WaitForOutput("RUN echo started", TimeSpan.FromMinutes(5)), "The build never reached the slow step.\n" + publish.Output);
            Thread.Sleep(TimeSpan.FromSeconds(1));
            var stopwatch = Stopwatch.StartNew();
            engine.Restart();
            var restarted = stopwatch.Elapsed;
            Assert.IsTrue(publish.WaitForExit(TimeSpan.FromSeconds(60)), "dotnet publish did not end after the engine restarted.\n" + publish.Output);
            Console.WriteLine($"the engine restarted in {restarted.TotalSeconds:0.0} s; dotnet publish ended {stopwatch.Elapsed.TotalSeconds:0.0} s after the restart began");

            Assert.AreNotEqual(0, publish.ExitCode, publish.Output);
            StringAssert.Contains(publish.Output, "error CSTG0025: The connection to the Docker engine at " + engine.UnixAddress, publish.Output);
            Assert.HasCount(1, Regex.Matches(publish.Output, @"error CSTG\d{4}").Select(m => m.Value).Distinct(), publish.Output);
            AssertNoStackTrace(publish.Output);
            Assert.IsEmpty(ImagesOn(engine, image), "The cut build tagged an image.");
        }

        s_root.WriteFile("pause", "0");
        var next = s_root.DotNet(publishArguments[..^3], environment);
        Assert.IsTrue(next.Succeeded, next.ToString());
        var run = engine.Docker("run", "--rm", "--network", "none", $"{image}:1.0.0", "cat", "/slept");
        Assert.IsTrue(run.Succeeded, run.ToString());
        Assert.AreEqual("slept", run.Output.Trim());
    }

    [TestMethod]
    public void Engine_with_a_full_data_root_is_one_CSTG0093_naming_it_and_nothing_is_tagged()
    {
        // A tmpfs the size of the stand-in and a little more, then filled up: no disk of the machine is touched.
        using var engine = SecondEngine.Start(dataRootSize: "300m");
        engine.LoadFromDefaultEngine(StandInImages.RuntimeDeps);
        string filler = Path.Combine(engine.DataRoot, "filler");
        ProcessRunner.Run("sh", ["-c", $"head -c 400000000 /dev/zero > {filler}"]);
        var free = ProcessRunner.Run("df", ["--output=avail", "-B1", engine.DataRoot]);
        Console.WriteLine($"free in {engine.DataRoot}: {free.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim()} bytes");

        string dockerfile = s_root.WriteFile("App/Dockerfile.full", $"""
            FROM {StandInImages.RuntimeDeps} AS runtime
            RUN echo built > /built.txt
            """);
        string image = s_root.Image("full");
        var environment = new Dictionary<string, string?> { ["DOCKER_HOST"] = engine.UnixAddress };
        string[] arguments = ["publish", "App/App.csproj", "-p:ContainerStages=true", $"-p:ContainerStagesDockerfile={dockerfile}", $"-p:ContainerRepository={image}"];

        var publish = s_root.DotNet(arguments, environment);

        Assert.IsFalse(publish.Succeeded, publish.ToString());
        var errors = Regex.Matches(publish.Output, @"error (CSTG\d{4}): (.*)").Select(m => m.Groups[1].Value + ": " + m.Groups[2].Value).Distinct().ToList();
        Assert.HasCount(1, errors, publish.ToString());
        StringAssert.StartsWith(errors[0], $"CSTG0093: The Docker engine at {engine.UnixAddress} is out of disk space: its data root {engine.DataRoot} is full (");
        StringAssert.Contains(errors[0], "no space left on device");
        AssertNoStackTrace(publish.Output);
        Assert.IsEmpty(ImagesOn(engine, image), "A build on a full engine tagged an image.");
        Console.WriteLine(errors[0]);

        // The fix the error names: free space, and the same publish goes through.
        File.Delete(filler);
        var again = s_root.DotNet(arguments, environment);
        Assert.IsTrue(again.Succeeded, again.ToString());
    }

    private static IReadOnlyList<string> ImagesOn(SecondEngine engine, string repository)
    {
        var images = engine.Docker("images", "--format", "{{.Repository}}:{{.Tag}}");
        Assert.IsTrue(images.Succeeded, images.ToString());
        return images.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(r => r.StartsWith(repository, StringComparison.Ordinal)).ToList();
    }

    private static void AssertNoStackTrace(string output) =>
        StringAssert.DoesNotMatch(output, new Regex(@"^\s+at [A-Z]\w+(\.\w+)+\(", RegexOptions.Multiline), "A stack trace reached the user.\n" + output);
}
