using System.Security.Cryptography;
using System.Text;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// DOCKER_HOST=ssh://, reached as the Docker CLI reaches it (ssh ... docker system dial-stdio), through a
/// private sshd on loopback whose sessions talk to the default engine: this proves the transport, the
/// context upload, the BuildKit stream and tagging all through ssh, and that no ssh outlives the build.
/// </summary>
[TestClass]
public sealed class SshEngineTests
{
    [TestMethod]
    public void Publish_through_ssh_builds_the_image_and_leaves_no_ssh_behind()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("ssh");
        WriteApp(root, "socket");
        string image = root.Image("ssh");
        using var server = SshServer.Start();

        // The same small build over the default socket first, to compare the transports' cost.
        var overSocket = root.DotNet(Publish(image, "socket"));
        Assert.IsTrue(overSocket.Succeeded, overSocket.ToString());

        WriteApp(root, "ssh");
        var publish = root.DotNet(Publish(image, "ssh"), WithDockerHost(server, "good"));

        Assert.IsTrue(publish.Succeeded, publish.ToString() + "\nsshd:\n" + server.Log);
        StringAssert.Contains(publish.Output, "CSTG1044", publish.ToString());
        StringAssert.Contains(publish.Output, $"-p {server.Port} -- 127.0.0.1 docker system dial-stdio");
        StringAssert.Contains(server.Log, "Accepted publickey for root");
        var run = DockerCli.Run("run", "--rm", "--network", "none", $"{image}:ssh", "cat", "/built.txt");
        Assert.IsTrue(run.Succeeded, run.ToString());
        Assert.AreEqual("built-through-ssh", run.Output.Trim());
        Assert.AreEqual(0, server.WaitForNoConnections(TimeSpan.FromSeconds(15)), "ssh clients or sessions outlived the build.\n" + server.Log);
        int logins = CountOf(server.Log, "Accepted publickey");
        Console.WriteLine($"publish over the socket: {overSocket.Elapsed.TotalSeconds:0.0} s; through ssh: {publish.Elapsed.TotalSeconds:0.0} s, {logins} ssh connections");

        // A Docker context whose endpoint is ssh:// (what 'docker context create --docker host=ssh://...' writes).
        string config = Path.Combine(root.Root, "docker-config");
        string meta = Path.Combine(config, "contexts", "meta", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("ssh-fleet"))).ToLowerInvariant());
        Directory.CreateDirectory(meta);
        File.WriteAllText(Path.Combine(meta, "meta.json"), "{\"Name\":\"ssh-fleet\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"" + server.DockerHost + "\",\"SkipTLSVerify\":false}}}");
        var environment = server.ClientEnvironment("good");
        environment["DOCKER_CONFIG"] = config;
        environment["DOCKER_CONTEXT"] = "ssh-fleet";
        var throughContext = root.DotNet(Publish(image, "context"), environment);

        Assert.IsTrue(throughContext.Succeeded, throughContext.ToString() + "\nsshd:\n" + server.Log);
        Assert.IsGreaterThan(logins, CountOf(server.Log, "Accepted publickey"), "The context's build did not go through ssh.");
        Assert.IsTrue(DockerCli.ImageExists($"{image}:context"));
        Assert.AreEqual(0, server.WaitForNoConnections(TimeSpan.FromSeconds(15)), "ssh clients or sessions outlived the build.\n" + server.Log);
    }

    [TestMethod]
    public void Ssh_failures_are_coded_errors_that_say_why_and_never_hang()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("ssh-refused");
        WriteApp(root, "refused");
        string image = root.Image("ssh-refused");
        using var server = SshServer.Start();

        var stranger = root.DotNet(Publish(image, "1"), WithDockerHost(server, "stranger"));
        AssertFailsWith(stranger, "error CSTG0072", "Permission denied (publickey)");
        StringAssert.Contains(stranger.Output, "ssh-agent", stranger.ToString());

        var changedHostKey = root.DotNet(Publish(image, "2"), WithDockerHost(server, "changed-host-key"));
        AssertFailsWith(changedHostKey, "error CSTG0072", "Host key verification failed");

        var noDocker = root.DotNet(Publish(image, "3"), WithDockerHost(server, "no-docker"));
        AssertFailsWith(noDocker, "error CSTG0073", "docker-is-not-installed-here");

        // With only dotnet's own folder on PATH, so no ssh (the runner finds dotnet on its own PATH).
        var noSsh = root.DotNet(
            Publish(image, "4"),
            new Dictionary<string, string?> { ["DOCKER_HOST"] = server.DockerHost, ["PATH"] = DotNetFolder() });
        AssertFailsWith(noSsh, "error CSTG0071", "no 'ssh' program");

        var withPath = root.DotNet(Publish(image, "5"), new Dictionary<string, string?> { ["DOCKER_HOST"] = server.DockerHost + "/var/run/docker.sock" });
        AssertFailsWith(withPath, "error CSTG0070", "path");

        Assert.IsFalse(DockerCli.ImageExists($"{image}:1"));
        Assert.AreEqual(0, server.WaitForNoConnections(TimeSpan.FromSeconds(15)), "ssh clients or sessions outlived the builds.\n" + server.Log);
    }

    private static int CountOf(string text, string value) => text.Split(value).Length - 1;

    private static void AssertFailsWith(ProcessResult publish, string code, string reason)
    {
        Assert.IsFalse(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, code, publish.ToString());
        StringAssert.Contains(publish.Output, reason, publish.ToString());

        // A prompt nobody answers would hold the build until the runner's timeout.
        Assert.IsLessThan(TimeSpan.FromMinutes(3), publish.Elapsed, publish.ToString());
        string error = publish.Output.Split('\n').First(line => line.Contains(code, StringComparison.Ordinal)).Trim();
        Console.WriteLine($"{publish.Elapsed.TotalSeconds:0.0} s: {error}");
    }

    private static void WriteApp(TestProjectRoot root, string text)
    {
        root.WriteProject("App/App.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>");
        root.WriteFile("App/Program.cs", $"Console.WriteLine(\"{text}\");\n");

        // The user's own Dockerfile: the build context still travels, and the stage needs no network.
        root.WriteFile("App/Dockerfile", $"FROM {StandInImages.RuntimeDeps} AS runtime\nCOPY App/Program.cs /app/\nRUN echo built-through-{text} > /built.txt\n");
    }

    private static string DotNetFolder()
    {
        string onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "dotnet")).First(File.Exists);
        string resolved = new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
        return Path.GetDirectoryName(resolved)!;
    }

    private static string[] Publish(string image, string tag) =>
        ["publish", "App/App.csproj", "-p:ContainerStages=true", "-p:ContainerStagesDockerfile=Dockerfile", $"-p:ContainerRepository={image}", $"-p:ContainerImageTag={tag}"];

    private static Dictionary<string, string?> WithDockerHost(SshServer server, string client) =>
        new(server.ClientEnvironment(client)) { ["DOCKER_HOST"] = server.DockerHost };
}
