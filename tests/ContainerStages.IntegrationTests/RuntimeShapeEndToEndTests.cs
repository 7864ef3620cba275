using System.Text.Json;
using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// What the runtime stage adds to the published app: OS packages from the base image's package
/// manager, folders the app user may write, a health check, the SDK's app command items, and the
/// warning for an image that runs as root. Package installs download from the distribution's
/// mirror inside the build, as NuGet restore does.
/// </summary>
[TestClass]
public sealed class RuntimeShapeEndToEndTests
{
    private const string ProbeProgram = """
        static string TryWrite(string folder)
        {
            try
            {
                File.WriteAllText(Path.Combine(folder, "probe.txt"), "x");
                return "writable";
            }
            catch (UnauthorizedAccessException)
            {
                return "read-only";
            }
        }

        Console.WriteLine($"args={string.Join(',', args)} user={Environment.UserName} data={TryWrite("data")} cache={TryWrite("/var/cache/shapes")} app={TryWrite("/app")} zone={TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin").Id}");
        """;

    [TestMethod]
    public void Os_packages_writable_folders_health_check_and_app_command_reach_the_image()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("shapes");
        root.WriteProject("Shapes/Shapes.csproj", "Microsoft.NET.Sdk",
            """
            <OutputType>Exe</OutputType>
            <ContainerStagesHealthCheck>["/usr/bin/curl", "--version"]</ContainerStagesHealthCheck>
            <ContainerStagesHealthCheckInterval>7s</ContainerStagesHealthCheckInterval>
            <ContainerStagesHealthCheckRetries>2</ContainerStagesHealthCheckRetries>
            """,
            """
            <ContainerOsPackage Include="tzdata;curl" />
            <ContainerStagesWritablePath Include="data;/var/cache/shapes" />
            <ContainerAppCommandArgs Include="--always" />
            <ContainerDefaultArgs Include="--default" />
            """);
        root.WriteFile("Shapes/Program.cs", ProbeProgram);
        // The stand-in under a Debian tag, so the package manager is chosen from the name (apt-get),
        // as for the real .NET images. The tag is under the scenario's prefix: Dispose removes it.
        string debianBase = root.Image("runtime") + ":10.0-bookworm-slim";
        var tag = DockerCli.Run("tag", StandInImages.Runtime, debianBase);
        Assert.IsTrue(tag.Succeeded, tag.ToString());
        string image = root.Image("shapes");

        var publish = root.Publish("Shapes/Shapes.csproj", debianBase, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        string reference = $"{image}:1";
        StringAssert.Contains(publish.Output, "CSTG1013: The runtime stage installs curl tzdata with apt-get", publish.ToString());
        string dockerfile = root.ReadFile("Shapes/Dockerfile");
        StringAssert.Contains(dockerfile, "COPY --from=publish /app/publish .");
        Assert.IsLessThan(dockerfile.IndexOf("COPY --from=publish /app/publish .", StringComparison.Ordinal), dockerfile.IndexOf("apt-get update", StringComparison.Ordinal), dockerfile);
        Console.WriteLine($"image with curl and tzdata: {TestProjectRoot.ParseBuiltMessage(publish).Bytes:N0} bytes; publish took {publish.Elapsed.TotalSeconds:0.0} s");

        var curl = DockerCli.Run("run", "--rm", "--entrypoint", "dpkg", reference, "-s", "curl");
        Assert.IsTrue(curl.Succeeded, curl.ToString());
        StringAssert.Contains(curl.Output, "Status: install ok installed");
        var lists = DockerCli.Run("run", "--rm", "--user", "0", "--entrypoint", "sh", reference, "-c", "{ find /var/lib/apt/lists -mindepth 1; find /var/cache/apt -name '*.bin' -o -name '*.deb'; } | wc -l");
        Assert.AreEqual("0", lists.Output.Trim(), "The package index and apt's caches must not stay in the image.\n" + lists);
        long added = TestProjectRoot.ParseBuiltMessage(publish).Bytes - DockerCli.InspectImage(debianBase).GetProperty("Size").GetInt64();
        Console.WriteLine($"curl and the app add {added:N0} bytes to the base");

        var run = DockerCli.Run("run", "--rm", reference);
        Assert.IsTrue(run.Succeeded, run.ToString());
        Assert.AreEqual("args=--always,--default user=app data=writable cache=writable app=read-only zone=Europe/Berlin", run.Output.Trim(), run.ToString());
        var replaced = DockerCli.Run("run", "--rm", reference, "--mine");
        StringAssert.StartsWith(replaced.Output.Trim(), "args=--always,--mine ", "docker run arguments replace ContainerDefaultArgs only.\n" + replaced);

        var owners = DockerCli.Run("run", "--rm", "--entrypoint", "stat", reference, "-c", "%n %u", "/app", "/app/Shapes.dll", "/app/data", "/var/cache/shapes", "/var/cache");
        Assert.AreEqual("/app 0\n/app/Shapes.dll 0\n/app/data 1654\n/var/cache/shapes 1654\n/var/cache 0", owners.Output.Trim(), owners.ToString());
        var uid = DockerCli.Run("run", "--rm", "--entrypoint", "id", reference, "-u");
        Assert.AreEqual("1654", uid.Output.Trim(), uid.ToString());

        var config = DockerCli.InspectImage(reference).GetProperty("Config");
        CollectionAssert.AreEqual(new[] { "CMD", "/usr/bin/curl", "--version" }, Strings(config.GetProperty("Healthcheck").GetProperty("Test")));
        Assert.AreEqual(7_000_000_000, config.GetProperty("Healthcheck").GetProperty("Interval").GetInt64());
        Assert.AreEqual(2, config.GetProperty("Healthcheck").GetProperty("Retries").GetInt32());
        CollectionAssert.AreEqual(new[] { "dotnet", "Shapes.dll", "--always" }, Strings(config.GetProperty("Entrypoint")));
        CollectionAssert.AreEqual(new[] { "--default" }, Strings(config.GetProperty("Cmd")));

        // An app edit reuses the package layer and the writable folders' layers: the engine's layer
        // list matches up to and including them.
        root.WriteFile("Shapes/Program.cs", ProbeProgram + "\n// edited\n");
        var again = root.Publish("Shapes/Shapes.csproj", debianBase, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=2");
        Assert.IsTrue(again.Succeeded, again.ToString());
        int reused = Layers(debianBase).Length + 1 + 2;
        var before = Layers(reference);
        var after = Layers($"{image}:2");
        CollectionAssert.AreEqual(before[..reused], after[..reused], "The package or writable-folder layers were built again.");
        CollectionAssert.AreNotEqual(before, after, "The edit must reach the image.");
        Console.WriteLine($"publish after an app edit took {again.Elapsed.TotalSeconds:0.0} s");
    }

    private static string[] Layers(string reference) => Strings(DockerCli.InspectImage(reference).GetProperty("RootFS").GetProperty("Layers"));

    [TestMethod]
    public void Unknown_base_finds_its_package_manager_and_root_user_is_warned_about()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("shapesroot");
        root.WriteProject("Shapes/Shapes.csproj", "Microsoft.NET.Sdk",
            "<OutputType>Exe</OutputType><ContainerUser>root</ContainerUser><ContainerAppCommandInstruction>DefaultArgs</ContainerAppCommandInstruction>",
            """<ContainerOsPackage Include="jq" />""");
        root.WriteFile("Shapes/Program.cs", "Console.WriteLine($\"user={Environment.UserName} args={string.Join(',', args)}\");\n");
        string image = root.Image("shapes");

        // The stand-in's name says nothing about its distribution: the step asks the image.
        var publish = root.Publish("Shapes/Shapes.csproj", StandInImages.Runtime, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        Assert.MatchesRegex(new Regex(@"Shapes\.csproj ?: warning CSTG0036: The image runs as root \(ContainerUser is 'root'\)"), publish.Output, publish.ToString());
        StringAssert.Contains(root.ReadFile("Shapes/Dockerfile"), "RUN if command -v apt-get >/dev/null 2>&1; then");
        string reference = $"{image}:1";
        var jq = DockerCli.Run("run", "--rm", "--entrypoint", "jq", reference, "-n", "1+1");
        Assert.AreEqual("2", jq.Output.Trim(), jq.ToString());

        var run = DockerCli.Run("run", "--rm", reference);
        Assert.AreEqual("user=root args=", run.Output.Trim(), run.ToString());
        var config = DockerCli.InspectImage(reference).GetProperty("Config");
        Assert.IsTrue(config.GetProperty("Entrypoint").ValueKind == JsonValueKind.Null, config.ToString());
        CollectionAssert.AreEqual(new[] { "dotnet", "Shapes.dll" }, Strings(config.GetProperty("Cmd")));
    }

    [TestMethod]
    public void Os_packages_on_a_chiseled_base_or_with_a_bad_name_are_coded_errors_before_any_build()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("shapesbad");
        root.WriteProject("App/App.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>",
            """<ContainerOsPackage Include="$(TestOsPackage)" />""");
        root.WriteFile("App/Program.cs", "Console.WriteLine(\"hi\");\n");

        var chiseled = GenerateOnly(root, "tzdata", "mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled");
        AssertCodedError(chiseled, "CSTG0031");
        StringAssert.Contains(chiseled.Output, "'mcr.microsoft.com/dotnet/runtime:10.0-noble'", chiseled.ToString());

        var badName = GenerateOnly(root, "Curl", StandInImages.Runtime);
        AssertCodedError(badName, "CSTG0032");
        StringAssert.Contains(badName.Output, "'Curl'", badName.ToString());
    }

    // The entry target without Publish: no compile on the host, and the planner fails before the engine is asked.
    private static ProcessResult GenerateOnly(TestProjectRoot root, string package, string baseImage) =>
        root.DotNet(["build", "App/App.csproj", "-t:ContainerStagesPublish", "-p:ContainerStages=true", $"-p:TestOsPackage={package}",
            $"-p:ContainerBaseImage={baseImage}", $"-p:ContainerStagesSdkImage={StandInImages.Sdk}", $"-p:ContainerRepository={root.Image("bad")}"]);

    private static void AssertCodedError(ProcessResult result, string code)
    {
        Assert.IsFalse(result.Succeeded, "Expected a failure.\n" + result);
        Assert.MatchesRegex(new Regex($@"error {code}: "), result.Output, $"No 'error {code}:' in the output.\n" + result);
        Assert.IsFalse(DockerCli.ImagesWithPrefix(TestEnvironment.ImagePrefix).Any(i => i.Contains("/bad", StringComparison.Ordinal)), "Nothing may be tagged.");
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
