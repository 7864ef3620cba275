using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// Native AOT and the image metadata: the app is compiled to a native binary on the AOT SDK stand-in
/// and runs on runtime-deps with no .NET runtime; the image carries the OCI labels.
/// </summary>
[TestClass]
public sealed class DeploymentShapeEndToEndTests
{
    private const string AotProperties =
        "<OutputType>Exe</OutputType><PublishAot>true</PublishAot><InvariantGlobalization>true</InvariantGlobalization>";

    private const string AotProgram = """
        Console.WriteLine($"native: {!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported}, args: {string.Join(',', args)}");
        """;

    [TestMethod]
    public void Native_aot_console_app_runs_its_native_binary_on_runtime_deps()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("aot");
        root.WriteProject("Hello/Hello.csproj", "Microsoft.NET.Sdk", AotProperties);
        root.WriteFile("Hello/Program.cs", AotProgram);
        string image = root.Image("hello");

        // The entry target compiles only in the container: the machine has no native toolchain to need.
        var publish = BuildImage(root, StandInImages.RuntimeDeps, image);

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        string dockerfile = root.ReadFile("Hello/Dockerfile");
        StringAssert.Contains(dockerfile, $"FROM --platform=$BUILDPLATFORM {StandInImages.SdkAot} AS restore");
        StringAssert.Contains(dockerfile, " -p:PublishAot=true ");
        StringAssert.Contains(dockerfile, "ENTRYPOINT [\"/app/Hello\"]");
        var (reference, _, bytes) = TestProjectRoot.ParseBuiltMessage(publish);

        var run = DockerCli.Run("run", "--rm", reference, "a", "b");
        Assert.IsTrue(run.Succeeded, run.ToString());
        Assert.AreEqual("native: True, args: a,b", run.Output.Trim(), run.ToString());

        // No managed assemblies and no runtime: the one native binary is the app.
        var files = DockerCli.Run("run", "--rm", "--entrypoint", "sh", reference, "-c", "cd /app && ls; command -v dotnet || echo no-dotnet");
        Assert.IsTrue(files.Succeeded, files.ToString());
        var names = files.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        CollectionAssert.Contains(names, "Hello", files.Output);
        CollectionAssert.Contains(names, "no-dotnet", files.Output);
        Assert.IsFalse(names.Any(n => n.EndsWith(".dll", StringComparison.Ordinal)), files.Output);

        long baseBytes = DockerCli.InspectImage(StandInImages.RuntimeDeps).GetProperty("Size").GetInt64();
        var appBytes = DockerCli.Run("run", "--rm", "--entrypoint", "du", reference, "-sb", "/app");
        Console.WriteLine($"AOT console on runtime-deps stand-in: image {bytes:N0} bytes, base {baseBytes:N0}, over base {bytes - baseBytes:N0}; /app: {appBytes.Output.Trim()}");
        Assert.IsTrue(bytes - baseBytes < 30_000_000, $"The AOT app adds {bytes - baseBytes:N0} bytes over its base.");
    }

    [TestMethod]
    public void Native_aot_console_app_on_a_minimal_base_is_under_30_MB()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("aotmin");
        root.WriteProject("Hello/Hello.csproj", "Microsoft.NET.Sdk", AotProperties);
        root.WriteFile("Hello/Program.cs", AotProgram);
        string image = root.Image("hello");

        var publish = BuildImage(root, StandInImages.RuntimeDepsMinimal, image);

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        var (reference, _, bytes) = TestProjectRoot.ParseBuiltMessage(publish);
        var run = DockerCli.Run("run", "--rm", reference, "x");
        Assert.IsTrue(run.Succeeded, run.ToString());
        Assert.AreEqual("native: True, args: x", run.Output.Trim(), run.ToString());

        // The base has no shell: ask the engine for the user instead.
        var user = DockerCli.InspectImage(reference).GetProperty("Config").GetProperty("User").GetString();
        Assert.AreEqual("1654", user);

        long baseBytes = DockerCli.InspectImage(StandInImages.RuntimeDepsMinimal).GetProperty("Size").GetInt64();
        Console.WriteLine($"AOT console on the minimal stand-in: image {bytes:N0} bytes, base {baseBytes:N0}, over base {bytes - baseBytes:N0}");
        Assert.IsTrue(bytes < 30_000_000, $"The AOT image is {bytes:N0} bytes.");
    }

    [TestMethod]
    public void Image_of_a_project_in_git_carries_the_oci_labels()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("labels");
        root.WriteProject("Greeter/Greeter.csproj", "Microsoft.NET.Sdk",
            "<OutputType>Exe</OutputType><Title>Greeter app</Title><Description>Says hello.</Description>");
        root.WriteFile("Greeter/Program.cs", "Console.WriteLine(\"hi\");\n");
        root.WriteFile(".gitignore", "bin/\nobj/\n");
        Git(root, "init", "-q");
        Git(root, "remote", "add", "origin", "git@github.com:contoso/greeter.git");
        Git(root, "add", "-A");
        Git(root, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "First");
        string head = Git(root, "rev-parse", "HEAD");
        string image = root.Image("greeter");

        var publish = root.Publish("Greeter/Greeter.csproj", StandInImages.Runtime, $"-p:ContainerRepository={image}", "-p:Version=2.3.4", "-p:ContainerImageTag=1");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        var labels = DockerCli.InspectImage($"{image}:1").GetProperty("Config").GetProperty("Labels");
        string Label(string name) => labels.TryGetProperty(name, out var value) ? value.GetString()! : $"(no {name})";
        Assert.AreEqual("2.3.4", Label("org.opencontainers.image.version"));
        Assert.AreEqual("Greeter app", Label("org.opencontainers.image.title"));
        Assert.AreEqual("Says hello.", Label("org.opencontainers.image.description"));
        Assert.AreEqual("https://github.com/contoso/greeter", Label("org.opencontainers.image.source"));
        Assert.AreEqual(head, Label("org.opencontainers.image.revision"));
        Assert.IsTrue(DateTimeOffset.TryParse(Label("org.opencontainers.image.created"), System.Globalization.CultureInfo.InvariantCulture, out _), Label("org.opencontainers.image.created"));
        StringAssert.DoesNotMatch(root.ReadFile("Greeter/Dockerfile"), new System.Text.RegularExpressions.Regex(head), "The commit is a build argument, not Dockerfile text.");

        // ContainerGenerateLabels=false, as in the SDK: no generated label at all.
        var plain = root.Publish("Greeter/Greeter.csproj", StandInImages.Runtime, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=2", "-p:ContainerGenerateLabels=false");
        Assert.IsTrue(plain.Succeeded, plain.ToString());
        var plainLabels = DockerCli.InspectImage($"{image}:2").GetProperty("Config").GetProperty("Labels");
        Assert.IsFalse(plainLabels.ValueKind == System.Text.Json.JsonValueKind.Object
            && plainLabels.EnumerateObject().Any(l => l.Name.StartsWith("org.opencontainers.image.", StringComparison.Ordinal)), plainLabels.ToString());
    }

    private static string Git(TestProjectRoot root, params string[] arguments)
    {
        var result = ProcessRunner.Run("git", arguments, root.Root);
        Assert.IsTrue(result.Succeeded, result.ToString());
        return result.Output.Trim();
    }

    private static ProcessResult BuildImage(TestProjectRoot root, string baseImage, string image, params string[] extra) =>
        root.DotNet(
        [
            "build", "Hello/Hello.csproj", "-t:ContainerStagesPublish", "-c", "Release",
            "-p:ContainerStages=true",
            $"-p:ContainerBaseImage={baseImage}",
            $"-p:ContainerStagesSdkImage={StandInImages.SdkAot}",
            $"-p:ContainerRepository={image}",
            "-p:ContainerImageTag=1",
            .. extra,
        ]);
}
