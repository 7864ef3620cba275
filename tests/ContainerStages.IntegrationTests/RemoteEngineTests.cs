using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// DOCKER_HOST over TCP with mutual TLS, as a build fleet uses it: the build runs on the second engine
/// and the image exists there, not on the default engine.
/// </summary>
[TestClass]
public sealed class RemoteEngineTests
{
    [TestMethod]
    public void Build_through_DOCKER_HOST_with_TLS_runs_on_that_engine_only()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("remote");
        root.WriteProject("App/App.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>");
        root.WriteFile("App/Program.cs", "Console.WriteLine(\"remote\");\n");

        // The user's own Dockerfile (no header): a stage that needs no network, which the second engine lacks.
        root.WriteFile("App/Dockerfile", $"FROM {StandInImages.RuntimeDeps} AS runtime\nRUN echo built-remotely > /built.txt\n");
        string image = root.Image("remote");

        using var engine = SecondEngine.Start();
        engine.LoadFromDefaultEngine(StandInImages.RuntimeDeps);
        var environment = new Dictionary<string, string?>
        {
            ["DOCKER_HOST"] = engine.TcpAddress,
            ["DOCKER_TLS_VERIFY"] = "1",
            ["DOCKER_CERT_PATH"] = engine.ClientCertPath,
        };

        var publish = root.DotNet(["publish", "App/App.csproj", "-p:ContainerStages=true", "-p:ContainerStagesDockerfile=Dockerfile", $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1"], environment);

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, $"at {engine.TcpAddress}");
        var there = engine.Docker("run", "--rm", "--network", "none", $"{image}:1", "cat", "/built.txt");
        Assert.IsTrue(there.Succeeded, there.ToString());
        Assert.AreEqual("built-remotely", there.Output.Trim());
        Assert.IsFalse(DockerCli.ImageExists($"{image}:1"), "The image must not be on the default engine.");
        Console.WriteLine($"remote build took {publish.Elapsed.TotalSeconds:0.0} s");

        // Without the client certificate the engine is not reachable: the coded error names what is missing.
        environment["DOCKER_CERT_PATH"] = Path.Combine(root.Root, "no-certs");
        var noCerts = root.DotNet(["publish", "App/App.csproj", "-p:ContainerStages=true", $"-p:ContainerRepository={image}", "-p:ContainerImageTag=2"], environment);
        Assert.IsFalse(noCerts.Succeeded, noCerts.ToString());
        StringAssert.Contains(noCerts.Output, "error CSTG0057", noCerts.ToString());
    }
}
