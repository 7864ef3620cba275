using System.Security.Cryptography;
using System.Text;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// The BuildKit session through the real engine: secrets for RUN --mount=type=secret from
/// ContainerStagesSecret items, registry logins for a private base image, and a session (its helper
/// process, socket and private folder) that ends with the build on success, failure and Ctrl+C.
/// </summary>
[TestClass]
public sealed class SessionEndToEndTests
{
    private const string TokenVariable = "CSTG_TEST_API_TOKEN";

    private static TestProjectRoot? s_root;

    private string[] _sessionFoldersBefore = [];

    private static TestProjectRoot Root => s_root!;

    private static string TempFolder => Root.Root + "-tmp";

    private static string SecretFile => Root.Root + "-secrets/file-token.txt";

    [ClassInitialize]
    public static void CreateApp(TestContext _)
    {
        TestEnvironment.RequireEngine();
        s_root = TestProjectRoot.Create("session");
        s_root.WriteProject(
            "App/App.csproj",
            "Microsoft.NET.Sdk",
            "<OutputType>Exe</OutputType><InvariantGlobalization>true</InvariantGlobalization>",
            $"""
            <ContainerStagesSecret Include="api-token" EnvironmentVariable="{TokenVariable}" />
            <ContainerStagesSecret Include="file-token" File="{SecretFile}" />
            """);
        s_root.WriteFile("App/Program.cs", "Console.WriteLine(\"session app\");\n");
        Directory.CreateDirectory(TempFolder);
        Directory.CreateDirectory(Path.GetDirectoryName(SecretFile)!);

        // Every build of the class reads it; the test that checks it writes its own value.
        File.WriteAllText(SecretFile, "file-" + Guid.NewGuid().ToString("N"));
    }

    [ClassCleanup]
    public static void RemoveApp()
    {
        if (s_root is not null)
        {
            TryDelete(TempFolder);
            TryDelete(Path.GetDirectoryName(SecretFile)!);
            s_root.Dispose();
        }
    }

    /// <summary>
    /// The session folders before this test: each test answers for its own, so one that failed (and
    /// whose helper the cleanup killed) does not fail every test after it.
    /// </summary>
    [TestInitialize]
    public void NoteSessionFolders() => _sessionFoldersBefore = SessionFolders();

    [TestMethod]
    public void Secrets_from_a_variable_and_a_file_reach_RUN_mounts_and_nothing_else()
    {
        string token = "api-" + Guid.NewGuid().ToString("N");
        string fileToken = "file-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(SecretFile, fileToken);

        // The image keeps only the secrets' hashes: proof they arrived, without keeping them.
        string dockerfile = Root.WriteFile("App/Dockerfile.secrets", $"""
            FROM {StandInImages.RuntimeDeps} AS runtime
            RUN --mount=type=secret,id=api-token,required=true --mount=type=secret,id=file-token,required=true \
                echo {Root.Id}-{Guid.NewGuid():N} > /run-id && \
                sha256sum /run/secrets/api-token | cut -c1-64 > /api-token.sha256 && \
                sha256sum /run/secrets/file-token | cut -c1-64 > /file-token.sha256
            """);
        string image = Root.Image("secrets");

        var publish = Publish(dockerfile, image, new() { [TokenVariable] = token }, verbosity: "diag");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, "CSTG1100", "The build ran without a session.");
        string built = TestProjectRoot.ParseBuiltMessage(publish).Reference;
        Assert.AreEqual(Sha256(token), ReadFromImage(built, "/api-token.sha256"));
        Assert.AreEqual(Sha256(fileToken), ReadFromImage(built, "/file-token.sha256"));
        SecretScan.AssertNotInImage(built, StandInImages.RuntimeDeps, token, fileToken);
        SecretScan.AssertNotInLog(publish, token, fileToken);
        SecretScan.AssertNotInFolder(Root.Root, token, fileToken);
        AssertNoSessionLeft();
    }

    [TestMethod]
    public void A_required_secret_nobody_gave_fails_the_step_and_leaves_no_session()
    {
        string dockerfile = Root.WriteFile("App/Dockerfile.missing", $"""
            FROM {StandInImages.RuntimeDeps} AS runtime
            RUN --mount=type=secret,id=never-given,required=true cat /run/secrets/never-given
            """);

        var publish = Publish(dockerfile, Root.Image("missing"), new() { [TokenVariable] = "unused" });

        Assert.IsFalse(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, "never-given", publish.ToString());
        StringAssert.Matches(publish.Output, new System.Text.RegularExpressions.Regex("error CSTG00(13|14): "), publish.ToString());
        AssertNoSessionLeft();
    }

    [TestMethod]
    public void A_secret_item_without_its_variable_is_CSTG0101_before_anything_is_built()
    {
        var publish = Publish(Root.WriteFile("App/Dockerfile.unset", $"FROM {StandInImages.RuntimeDeps} AS runtime\n"), Root.Image("unset"), new() { [TokenVariable] = null });

        Assert.IsFalse(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, "error CSTG0101", publish.ToString());
        StringAssert.Contains(publish.Output, TokenVariable);
        Assert.DoesNotContain("CSTG1006", publish.Output, "The build started anyway.");
    }

    [TestMethod]
    public void Ctrl_C_during_a_build_with_a_session_leaves_no_helper_socket_or_folder()
    {
        string marker = "containerstages-session-" + Root.Id;
        string dockerfile = Root.WriteFile("App/Dockerfile.slow", $"""
            FROM {StandInImages.RuntimeDeps} AS runtime
            RUN --mount=type=secret,id=api-token,required=true echo started && {SlowBuildStep.Command(marker)}
            """);

        // As a terminal job: a test run started in the background of a script inherits SIGINT as ignored,
        // and the publish would then never see the Ctrl+C this test sends.
        using var publish = new RunningProcess(
            "dotnet",
            ["publish", "App/App.csproj", "-p:ContainerStages=true", $"-p:ContainerStagesDockerfile={dockerfile}", $"-p:ContainerRepository={Root.Image("slow")}", "-tl:off", "-v:n", "-nodeReuse:false"],
            Root.Root,
            Environment(new() { [TokenVariable] = "slow-token" }),
            asTerminalJob: true);
        Assert.IsTrue(publish.WaitForOutput("echo started", TimeSpan.FromMinutes(5)), "The build never reached the slow step.\n" + publish.Output);

        // Interrupted once the step runs with its secret mounted, not while BuildKit still prepares it.
        Assert.IsTrue(SlowBuildStep.WaitUntilRunning(marker, TimeSpan.FromSeconds(30)), "The slow step is not running.\n" + publish.Output);
        Assert.IsNotEmpty(SessionHelpers(), "No session helper runs during the build.\n" + publish.Output);

        publish.Interrupt();
        Assert.IsTrue(publish.WaitForExit(TimeSpan.FromSeconds(30)), "dotnet publish did not return after Ctrl+C.\n" + publish.Output);

        Assert.AreNotEqual(0, publish.ExitCode);
        AssertNoSessionLeft();
    }

    [TestMethod]
    public void When_MSBuild_dies_mid_build_the_helper_ends_and_removes_its_folder()
    {
        string dockerfile = Root.WriteFile("App/Dockerfile.killed", $"""
            FROM {StandInImages.RuntimeDeps} AS runtime
            RUN --mount=type=secret,id=api-token,required=true echo started && sleep 300 && echo {Root.Id}-killed
            """);
        using var publish = new RunningProcess(
            "dotnet",
            ["publish", "App/App.csproj", "-p:ContainerStages=true", $"-p:ContainerStagesDockerfile={dockerfile}", $"-p:ContainerRepository={Root.Image("killed")}", "-tl:off", "-v:n", "-nodeReuse:false", "-m:1"],
            Root.Root,
            Environment(new() { [TokenVariable] = "killed-token" }));
        Assert.IsTrue(publish.WaitForOutput("echo started", TimeSpan.FromMinutes(5)), "The build never reached the slow step.\n" + publish.Output);
        Assert.IsNotEmpty(SessionHelpers(), "No session helper runs during the build.");

        // What an OOM kill or a closed CI job does: no Cancel, no finally, no dispose.
        ProcessRunner.Run("kill", ["-KILL", publish.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.IsTrue(publish.WaitForExit(TimeSpan.FromSeconds(10)), "dotnet publish survived SIGKILL.");

        // Its standard input closed with its parent: that alone must end the helper.
        AssertNoSessionLeft();
    }

    [TestMethod]
    public void ContainerStagesForwardSshAgent_gives_RUN_mount_ssh_the_users_agent()
    {
        string folder = Root.Root + "-agent";
        Directory.CreateDirectory(folder);
        string socket = Path.Combine(folder, "agent.sock");
        var agent = ProcessRunner.Run("ssh-agent", ["-a", socket]);
        Assert.IsTrue(agent.Succeeded, agent.ToString());
        string agentPid = System.Text.RegularExpressions.Regex.Match(agent.Output, @"SSH_AGENT_PID=(\d+)").Groups[1].Value;
        try
        {
            var keygen = ProcessRunner.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "forwarded", "-f", Path.Combine(folder, "key")]);
            Assert.IsTrue(keygen.Succeeded, keygen.ToString());
            var add = ProcessRunner.Run("ssh-add", [Path.Combine(folder, "key")], environment: new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = socket });
            Assert.IsTrue(add.Succeeded, add.ToString());

            // Asks the forwarded agent for its identities (SSH2_AGENTC_REQUEST_IDENTITIES) and keeps the count.
            string dockerfile = Root.WriteFile("App/Dockerfile.agent", $$"""
                FROM {{StandInImages.NodeBuild}} AS runtime
                RUN --mount=type=ssh echo {{Root.Id}}-{{Guid.NewGuid():N}} > /run-id && node -e "const c = require('net').connect(process.env.SSH_AUTH_SOCK); c.write(Buffer.from([0, 0, 0, 1, 11])); c.on('data', d => { require('fs').writeFileSync('/agent-keys', String(d.readUInt32BE(5))); process.exit(0); });"
                """);
            var environment = new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = socket, [TokenVariable] = "unused" };

            var publish = Publish(dockerfile, Root.Image("agent"), environment, verbosity: "d", extra: ["-p:ContainerStagesForwardSshAgent=true"]);

            Assert.IsTrue(publish.Succeeded, publish.ToString());
            StringAssert.Contains(publish.Output, "CSTG1102: The build asked its session for the ssh agent, id 'default'", publish.ToString());
            Assert.AreEqual("1", ReadFromImage(TestProjectRoot.ParseBuiltMessage(publish).Reference, "/agent-keys"), "The build did not see the agent's one key.");
            AssertNoSessionLeft();
        }
        finally
        {
            ProcessRunner.Run("kill", [agentPid]);
            TryDelete(folder);
        }
    }

    [TestMethod]
    public void A_private_base_image_comes_through_the_sessions_registry_login_without_a_pull()
    {
        using var registry = PlainHttpRegistry.Start();
        string config = Path.Combine(Root.Root + "-docker", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(config);
        string auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PlainHttpRegistry.UserName}:{registry.Password}"));
        File.WriteAllText(Path.Combine(config, "config.json"), "{\"auths\":{\"" + registry.Host + "\":{\"auth\":\"" + auth + "\"}}}");

        // The base exists only in the registry: pushed there, then untagged from the engine.
        string privateBase = $"{registry.Host}/{Root.ImagePrefix}/session-base:10.0";
        Assert.IsTrue(DockerCli.Run("tag", StandInImages.RuntimeDeps, privateBase).Succeeded);
        var push = ProcessRunner.Run("/usr/bin/docker", ["--config", config, "push", privateBase], timeout: TimeSpan.FromMinutes(5));
        Assert.IsTrue(push.Succeeded, push.ToString());
        Assert.IsTrue(DockerCli.Run("rmi", privateBase).Succeeded);

        // A second engine, which has never seen the base, over TCP with mutual TLS: the session's own
        // connection goes through the engine's TLS as well.
        using var engine = SecondEngine.Start();
        try
        {
            string dockerfile = Root.WriteFile("App/Dockerfile.private", $"FROM {privateBase} AS runtime\nRUN echo from-a-private-base > /x\n");
            var environment = new Dictionary<string, string?>
            {
                ["DOCKER_CONFIG"] = config,
                ["DOCKER_HOST"] = engine.TcpAddress,
                ["DOCKER_TLS_VERIFY"] = "1",
                ["DOCKER_CERT_PATH"] = engine.ClientCertPath,
                [TokenVariable] = "unused",
            };

            var anonymous = Publish(dockerfile, Root.Image("private"), new(environment) { ["DOCKER_CONFIG"] = Path.Combine(Root.Root + "-docker", "empty") });
            Assert.IsFalse(anonymous.Succeeded, "Without a login the registry must refuse the base.\n" + anonymous);

            var publish = Publish(dockerfile, Root.Image("private"), environment, verbosity: "d", extra: [$"-p:ContainerBaseImage={privateBase}"]);

            Assert.IsTrue(publish.Succeeded, publish.ToString());
            StringAssert.Contains(publish.Output, "CSTG1100", "The build ran without a session.");
            StringAssert.Contains(publish.Output, $"CSTG1102: The build asked its session for the registry login of '{registry.Host}'", publish.ToString());
            Assert.DoesNotContain("CSTG1033", publish.Output, "The base image was pulled before the build.");
            string built = TestProjectRoot.ParseBuiltMessage(publish).Reference;
            var run = engine.Docker("run", "--rm", "--entrypoint", "cat", built, "/x");
            Assert.AreEqual("from-a-private-base", run.Output.Trim(), run.ToString());
            SecretScan.AssertNotInLog(publish, registry.Password, auth);
            AssertNoSessionLeft();
        }
        finally
        {
            TryDelete(Root.Root + "-docker");
        }
    }

    [TestMethod]
    public void A_secret_reaches_the_build_through_an_ssh_engine_and_no_ssh_or_session_outlives_it()
    {
        using var server = SshServer.Start();
        string token = "ssh-" + Guid.NewGuid().ToString("N");
        string dockerfile = Root.WriteFile("App/Dockerfile.ssh", $"""
            FROM {StandInImages.RuntimeDeps} AS runtime
            RUN --mount=type=secret,id=api-token,required=true \
                echo {Root.Id}-{Guid.NewGuid():N} > /run-id && sha256sum /run/secrets/api-token | cut -c1-64 > /api-token.sha256
            """);
        var environment = server.ClientEnvironment("good");
        environment["DOCKER_HOST"] = server.DockerHost;
        environment[TokenVariable] = token;

        var publish = Publish(dockerfile, Root.Image("ssh"), environment, verbosity: "d");

        Assert.IsTrue(publish.Succeeded, publish.ToString() + "\nsshd:\n" + server.Log);
        StringAssert.Contains(publish.Output, "CSTG1044", "The build did not go through ssh.");
        StringAssert.Contains(publish.Output, "CSTG1100", "The build ran without a session.");
        Assert.AreEqual(Sha256(token), ReadFromImage(TestProjectRoot.ParseBuiltMessage(publish).Reference, "/api-token.sha256"));
        Assert.AreEqual(0, server.WaitForNoConnections(TimeSpan.FromSeconds(15)), "ssh clients or sessions outlived the build.\n" + server.Log);
        AssertNoSessionLeft();
    }

    private static ProcessResult Publish(string dockerfile, string image, Dictionary<string, string?> environment, string verbosity = "n", string[]? extra = null) =>
        Root.DotNet(
            ["publish", "App/App.csproj", "-p:ContainerStages=true", $"-p:ContainerStagesDockerfile={dockerfile}", $"-p:ContainerRepository={image}", .. extra ?? []],
            Environment(environment),
            verbosity);

    /// <summary>A temp folder of the test's own, so a session folder left behind is found.</summary>
    private static Dictionary<string, string?> Environment(Dictionary<string, string?> environment)
    {
        environment["TMPDIR"] = TempFolder;
        environment["NUGET_PACKAGES"] = Root.PackagesFolder;
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        return environment;
    }

    private void AssertNoSessionLeft()
    {
        // The helper has up to five seconds to exit once its input closes; MSBuild waits for the task, so none should be needed.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (SessionHelpers().Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        Assert.IsEmpty(SessionHelpers(), "A session helper process is still running.");
        Assert.IsEmpty(SessionFolders().Except(_sessionFoldersBefore), "A session folder (and its socket) is left in the temp folder.");
    }

    private static string[] SessionFolders() => Directory.GetDirectories(TempFolder, "containerstages-session-*");

    /// <summary>The helpers started from this test's package (their command line names its packages folder).</summary>
    private static IReadOnlyList<string> SessionHelpers()
    {
        var found = ProcessRunner.Run("pgrep", ["-af", "ContainerStages.Session.dll"]);
        return found.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains(Root.PackagesFolder, StringComparison.Ordinal))
            .ToList();
    }

    private static string ReadFromImage(string image, string path)
    {
        var run = DockerCli.Run("run", "--rm", "--entrypoint", "cat", image, path);
        Assert.IsTrue(run.Succeeded, run.ToString());
        return run.Output.Trim();
    }

    private static string Sha256(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value))).ToLowerInvariant();

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
