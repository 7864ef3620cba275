using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>A console app gets the 'runtime' base and runs to completion, printing to stdout, as non-root.</summary>
[TestClass]
public sealed class ConsoleAppEndToEndTests
{
    [TestMethod]
    public void Console_app_image_prints_to_stdout_as_non_root()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("console");
        root.WriteProject("Greeter/Greeter.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>");
        root.WriteFile("Greeter/Program.cs", """
            Console.WriteLine($"Hello from a container, uid {Environment.GetEnvironmentVariable("APP_UID")}, args: {string.Join(',', args)}");
            """);
        string image = root.Image("greeter");

        var publish = root.Publish("Greeter/Greeter.csproj", StandInImages.Runtime, $"-p:ContainerRepository={image}", "-p:Version=1.2.3");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        var (reference, _, bytes) = TestProjectRoot.ParseBuiltMessage(publish);
        Assert.AreEqual($"{image}:1.2.3", reference, "The default tag is $(Version).");
        Assert.AreEqual(DockerCli.InspectImage(reference).GetProperty("Size").GetInt64(), bytes);
        Console.WriteLine($"console image: {bytes:N0} bytes; publish took {publish.Elapsed.TotalSeconds:0.0} s");

        var run = DockerCli.Run("run", "--rm", reference, "one", "two");
        Assert.IsTrue(run.Succeeded, run.ToString());
        Assert.AreEqual("Hello from a container, uid 1654, args: one,two", run.Output.Trim());

        var uid = DockerCli.Run("run", "--rm", "--entrypoint", "id", reference, "-u");
        Assert.AreEqual("1654", uid.Output.Trim(), uid.ToString());
    }

    [TestMethod]
    public void Self_contained_app_starts_from_its_launcher_on_runtime_deps()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("selfcontained");
        root.WriteProject("Tool/Tool.csproj", "Microsoft.NET.Sdk",
            "<OutputType>Exe</OutputType><RuntimeIdentifier>linux-x64</RuntimeIdentifier><SelfContained>true</SelfContained><InvariantGlobalization>true</InvariantGlobalization>");
        root.WriteFile("Tool/Program.cs", "Console.WriteLine($\"self-contained on {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}\");\n");
        string image = root.Image("tool");

        var publish = root.Publish("Tool/Tool.csproj", StandInImages.RuntimeDeps, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        string dockerfile = root.ReadFile("Tool/Dockerfile");
        StringAssert.Contains(dockerfile, "ENTRYPOINT [\"/app/Tool\"]");
        StringAssert.Contains(dockerfile, " -r linux-x64 ");
        var run = DockerCli.Run("run", "--rm", $"{image}:1");
        Assert.IsTrue(run.Succeeded, run.ToString());
        StringAssert.StartsWith(run.Output.Trim(), "self-contained on .NET 10");

        // runtime-deps has no shared .NET runtime: the app must have brought its own.
        var noDotnet = DockerCli.Run("run", "--rm", "--entrypoint", "sh", $"{image}:1", "-c", "command -v dotnet || echo none");
        Assert.AreEqual("none", noDotnet.Output.Trim(), noDotnet.ToString());
    }

    [TestMethod]
    public void Single_file_shape_set_on_the_command_line_reaches_the_container_build()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("singlefile");
        root.WriteProject("Tool/Tool.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType><InvariantGlobalization>true</InvariantGlobalization>");
        root.WriteFile("Tool/Program.cs", "Console.WriteLine($\"single file: {string.IsNullOrEmpty(typeof(Program).Assembly.Location)}\");\n");
        string image = root.Image("tool");

        // Only the command line says self-contained and single-file, as a CI script would.
        var publish = root.Publish("Tool/Tool.csproj", StandInImages.RuntimeDeps, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1",
            "-r", "linux-x64", "-p:SelfContained=true", "-p:PublishSingleFile=true");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        StringAssert.Contains(root.ReadFile("Tool/Dockerfile"), " -r linux-x64 -p:SelfContained=true -p:PublishSingleFile=true ");
        var run = DockerCli.Run("run", "--rm", $"{image}:1");
        Assert.IsTrue(run.Succeeded, run.ToString());
        Assert.AreEqual("single file: True", run.Output.Trim(), run.ToString());

        var files = DockerCli.Run("run", "--rm", "--entrypoint", "ls", $"{image}:1", "/app");
        Assert.IsTrue(files.Succeeded, files.ToString());
        CollectionAssert.DoesNotContain(files.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), "Tool.dll", files.Output);
    }
}
