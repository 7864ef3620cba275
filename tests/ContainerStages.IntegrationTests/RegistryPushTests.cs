using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// ContainerRegistry against a real registry with htpasswd auth and TLS on loopback, as a CI pipeline
/// uses it: push every tag, read the digest back from the registry, and never leak the password.
/// </summary>
[TestClass]
public sealed partial class RegistryPushTests
{
    private static TestProjectRoot? s_root;

    private static TestProjectRoot Root => s_root!;

    private static string Repository => Root.Image("pushed");

    [ClassInitialize]
    public static void CreateApp(TestContext _)
    {
        TestEnvironment.RequireEngine();
        s_root = TestProjectRoot.Create("push");
        s_root.WriteProject("App/App.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType><InvariantGlobalization>true</InvariantGlobalization>");
        s_root.WriteFile("App/Program.cs", "Console.WriteLine(\"pushed app\");\n");
    }

    [ClassCleanup]
    public static void RemoveApp()
    {
        if (s_root is null)
        {
            return;
        }

        if (LocalRegistryStarted)
        {
            // A pushed image keeps its repository digest after its tags go; never by id, which a stand-in may share.
            var references = DockerCli.ReferencesWithPrefix($"{LocalRegistry.Instance.Host}/{s_root.ImagePrefix}");
            if (references.Count > 0)
            {
                DockerCli.Run(["rmi", .. references]);
            }
        }

        s_root.Dispose();
    }

    private static bool LocalRegistryStarted { get; set; }

    private static LocalRegistry Registry
    {
        get
        {
            var registry = LocalRegistry.Instance;
            LocalRegistryStarted = true;
            return registry;
        }
    }

    private static ProcessResult Publish(IReadOnlyDictionary<string, string?> environment, string verbosity = "n") =>
        Root.DotNet(
            [
                "publish", "App/App.csproj",
                "-p:ContainerStages=true",
                $"-p:ContainerBaseImage={StandInImages.Runtime}",
                $"-p:ContainerStagesSdkImage={StandInImages.Sdk}",
                $"-p:ContainerRepository={Repository}",
                "-p:ContainerImageTags=\"1.0;latest\"",
                $"-p:ContainerRegistry={Registry.Host}",
            ],
            environment,
            verbosity);

    private static Dictionary<string, string?> NoCredentials(string dockerConfig) => new()
    {
        ["DOCKER_CONFIG"] = dockerConfig,
        ["DOTNET_CONTAINER_REGISTRY_UNAME"] = null,
        ["DOTNET_CONTAINER_REGISTRY_PWORD"] = null,
        ["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = null,
        ["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = null,
        ["SDK_CONTAINER_REGISTRY_UNAME"] = null,
        ["SDK_CONTAINER_REGISTRY_PWORD"] = null,
    };

    private static string EmptyDockerConfig()
    {
        string folder = Path.Combine(Root.Root + "-dockerconfig-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    [GeneratedRegex(@"CSTG1029: Pushed (?<target>\S+): (?<digest>sha256:[0-9a-f]{64})")]
    private static partial Regex PushedMessage();

    private static Dictionary<string, string> PushedDigests(ProcessResult publish) =>
        PushedMessage().Matches(publish.Output).ToDictionary(m => m.Groups["target"].Value, m => m.Groups["digest"].Value);

    [TestMethod]
    public void Push_with_a_docker_login_reports_the_digest_the_registry_holds_and_leaks_no_password()
    {
        var registry = Registry;
        string config = EmptyDockerConfig();
        string auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{LocalRegistry.UserName}:{registry.Password}"));
        File.WriteAllText(Path.Combine(config, "config.json"), "{\"auths\":{\"" + registry.Host + "\":{\"auth\":\"" + auth + "\"}}}");

        // -v:diag logs every task parameter and property; the binlog keeps them all.
        var publish = Publish(NoCredentials(config), verbosity: "diag");

        Assert.IsTrue(publish.Succeeded, Tail(publish));
        var pushed = PushedDigests(publish);
        string first = $"{registry.Host}/{Repository}:1.0";
        string second = $"{registry.Host}/{Repository}:latest";
        Assert.HasCount(2, pushed, Tail(publish));
        Assert.AreEqual(registry.ManifestDigest(Repository, "1.0"), pushed[first], "The registry's own digest for the tag.");
        Assert.AreEqual(registry.ManifestDigest(Repository, "latest"), pushed[second]);
        var repoDigests = DockerCli.InspectImage(first).GetProperty("RepoDigests").EnumerateArray().Select(d => d.GetString()).ToList();
        CollectionAssert.Contains(repoDigests, $"{registry.Host}/{Repository}@{pushed[first]}");
        StringAssert.Contains(publish.Output, Path.Combine(config, "config.json"), "The log names where the credentials came from.");
        Console.WriteLine($"pushed {first}: {pushed[first]}; publish took {publish.Elapsed.TotalSeconds:0.0} s");

        AssertNowhere(registry.Password, publish, first);
        AssertNowhere(auth, publish, first);
    }

    [TestMethod]
    public void Push_with_the_SDKs_CI_variables_succeeds_and_warns_that_MSBuild_records_them_in_the_binlog()
    {
        var registry = Registry;
        var environment = NoCredentials(EmptyDockerConfig());
        environment["DOTNET_CONTAINER_REGISTRY_UNAME"] = LocalRegistry.UserName;
        environment["DOTNET_CONTAINER_REGISTRY_PWORD"] = registry.Password;

        var publish = Publish(environment);

        Assert.IsTrue(publish.Succeeded, Tail(publish));
        Assert.AreEqual(registry.ManifestDigest(Repository, "1.0"), PushedDigests(publish)[$"{registry.Host}/{Repository}:1.0"]);
        StringAssert.Contains(publish.Output, "warning CSTG1030", Tail(publish));
        StringAssert.Contains(publish.Output, "DOTNET_CONTAINER_REGISTRY_PWORD");
    }

    [TestMethod]
    public void Push_with_the_SDKs_legacy_variables_leaks_no_password()
    {
        var registry = Registry;
        var environment = NoCredentials(EmptyDockerConfig());
        environment["SDK_CONTAINER_REGISTRY_UNAME"] = LocalRegistry.UserName;
        environment["SDK_CONTAINER_REGISTRY_PWORD"] = registry.Password;

        var publish = Publish(environment, verbosity: "diag");

        Assert.IsTrue(publish.Succeeded, Tail(publish));
        Assert.AreEqual(registry.ManifestDigest(Repository, "latest"), PushedDigests(publish)[$"{registry.Host}/{Repository}:latest"]);
        Assert.DoesNotContain("CSTG1030", publish.Output);
        AssertNowhere(registry.Password, publish, $"{registry.Host}/{Repository}:1.0");
    }

    [TestMethod]
    public void Private_base_image_is_pulled_with_the_login_from_DOCKER_CONFIG()
    {
        var registry = Registry;
        string config = EmptyDockerConfig();
        string auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{LocalRegistry.UserName}:{registry.Password}"));
        File.WriteAllText(Path.Combine(config, "config.json"), "{\"auths\":{\"" + registry.Host + "\":{\"auth\":\"" + auth + "\"}}}");

        // The base exists only in the registry: pushed there, then untagged from the engine.
        string privateBase = $"{registry.Host}/{Root.ImagePrefix}/private-base:10.0";
        Assert.IsTrue(DockerCli.Run("tag", StandInImages.RuntimeDeps, privateBase).Succeeded);
        var push = ProcessRunner.Run("/usr/bin/docker", ["--config", config, "push", privateBase], timeout: TimeSpan.FromMinutes(5));
        Assert.IsTrue(push.Succeeded, push.ToString());
        Assert.IsTrue(DockerCli.Run("rmi", privateBase).Succeeded);

        using var project = TestProjectRoot.Create("privatebase");
        project.WriteProject("App/App.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>");
        project.WriteFile("App/Program.cs", "Console.WriteLine(\"private\");\n");
        project.WriteFile("App/Dockerfile", $"FROM {privateBase} AS runtime\nRUN echo from-a-private-base > /x\n");
        string image = project.Image("private");
        string[] arguments = ["publish", "App/App.csproj", "-p:ContainerStages=true", "-p:ContainerStagesDockerfile=Dockerfile", $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1", $"-p:ContainerBaseImage={privateBase}"];

        var anonymous = project.DotNet(arguments, NoCredentials(EmptyDockerConfig()));
        Assert.IsFalse(anonymous.Succeeded, "Without a login the registry must refuse the pull.\n" + Tail(anonymous));

        var publish = project.DotNet(arguments, NoCredentials(config));
        Assert.IsTrue(publish.Succeeded, Tail(publish));
        var run = DockerCli.Run("run", "--rm", "--entrypoint", "cat", $"{image}:1", "/x");
        Assert.AreEqual("from-a-private-base", run.Output.Trim(), run.ToString());
        AssertNowhere(registry.Password, publish, $"{image}:1");
    }

    /// <summary>Not in the console log, the binlog, the image's layers, history, labels or config.</summary>
    private static void AssertNowhere(string secret, ProcessResult publish, string image)
    {
        Assert.DoesNotContain(secret, publish.Output, "The secret is in the console log.");
        string binlog = ReadBinlog(publish.BinlogPath!);
        StringAssert.Contains(binlog, "BuildContainerStagesImage", "The binlog was not read.");
        Assert.DoesNotContain(secret, binlog, "The secret is in the binlog.");
        Assert.DoesNotContain(secret, DockerCli.Run("history", "--no-trunc", image).Output);
        Assert.DoesNotContain(secret, DockerCli.Run("image", "inspect", image).Output);
        var files = DockerCli.Run("run", "--rm", "--entrypoint", "sh", image, "-c", $"grep -rl '{secret}' / --exclude-dir=proc --exclude-dir=sys 2>/dev/null || echo none");
        Assert.AreEqual("none", files.Output.Trim(), "A file in the image holds the secret.\n" + files);
    }

    [TestMethod]
    public void Push_with_a_wrong_password_is_CSTG0048_and_does_not_show_it()
    {
        var registry = Registry;
        var environment = NoCredentials(EmptyDockerConfig());
        environment["DOTNET_CONTAINER_REGISTRY_UNAME"] = LocalRegistry.UserName;
        environment["DOTNET_CONTAINER_REGISTRY_PWORD"] = "wrong-" + Guid.NewGuid().ToString("N");

        var publish = Publish(environment);

        Assert.IsFalse(publish.Succeeded, Tail(publish));
        StringAssert.Contains(publish.Output, "error CSTG0048", Tail(publish));
        Assert.DoesNotContain(environment["DOTNET_CONTAINER_REGISTRY_PWORD"]!, publish.Output);
        Assert.DoesNotContain("CSTG1029", publish.Output);
    }

    [TestMethod]
    public void Push_without_any_credentials_is_CSTG0048_naming_the_fix()
    {
        var publish = Publish(NoCredentials(EmptyDockerConfig()));

        Assert.IsFalse(publish.Succeeded, Tail(publish));
        StringAssert.Contains(publish.Output, "error CSTG0048", Tail(publish));
        StringAssert.Contains(publish.Output, "no credentials were found");
    }

    private static string ReadBinlog(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return Encoding.UTF8.GetString(memory.ToArray());
    }

    private static string Tail(ProcessResult result)
    {
        var lines = result.ToString().Split('\n');
        return string.Join('\n', lines.TakeLast(80));
    }
}
