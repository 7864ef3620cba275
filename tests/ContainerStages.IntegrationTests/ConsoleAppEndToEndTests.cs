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

        var run = DockerCli.Run("run", "--rm", reference, "one", "two");
        Assert.IsTrue(run.Succeeded, run.ToString());
        Assert.AreEqual("Hello from a container, uid 1654, args: one,two", run.Output.Trim());

        var uid = DockerCli.Run("run", "--rm", "--entrypoint", "id", reference, "-u");
        Assert.AreEqual("1654", uid.Output.Trim(), uid.ToString());
    }
}
