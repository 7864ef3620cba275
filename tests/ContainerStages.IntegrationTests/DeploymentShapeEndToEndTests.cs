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
        var run = DockerCli.Run("run", "--rm", reference);
        Assert.IsTrue(run.Succeeded, run.ToString());
        Assert.AreEqual("native: True, args: ", run.Output.Trim(), run.ToString());

        // The base has no shell: ask the engine for the user instead.
        var user = DockerCli.InspectImage(reference).GetProperty("Config").GetProperty("User").GetString();
        Assert.AreEqual("1654", user);

        long baseBytes = DockerCli.InspectImage(StandInImages.RuntimeDepsMinimal).GetProperty("Size").GetInt64();
        Console.WriteLine($"AOT console on the minimal stand-in: image {bytes:N0} bytes, base {baseBytes:N0}, over base {bytes - baseBytes:N0}");
        Assert.IsTrue(bytes < 30_000_000, $"The AOT image is {bytes:N0} bytes.");
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
