using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// The same sources, settings and base image give the same image: in two clones of one commit in
/// different folders, built at different times, in both paths; again on a no-op republish; and a push of
/// it twice gives the registry one manifest.
/// </summary>
[TestClass]
public sealed partial class ReproducibleImageEndToEndTests
{
    private const long CommitSeconds = 1764000000;
    private static TestProjectRoot? s_root;
    private static string? s_clone;

    private static TestProjectRoot Root => s_root!;

    private static string Clone => s_clone!;

    [ClassInitialize]
    public static void CloneTwice(TestContext _)
    {
        TestEnvironment.RequireEngine();
        s_root = TestProjectRoot.Create("repro");
        s_root.WriteProject("Api/Api.csproj", "Microsoft.NET.Sdk.Web");
        s_root.WriteFile("Api/Program.cs", """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/", () => "reproducible");
            app.Run();
            """);

        // What CI builds set: the compiler writes /_/ for the clone's folder into the assemblies.
        s_root.WriteFile("Directory.Build.props", "<Project><PropertyGroup><ContinuousIntegrationBuild>true</ContinuousIntegrationBuild></PropertyGroup></Project>\n");
        Git(s_root.Root, "init", "--quiet");
        Git(s_root.Root, "remote", "add", "origin", "https://github.com/contoso/reproducible.git");
        Git(s_root.Root, "add", "-A");
        Git(s_root.Root, "commit", "--quiet", "-m", "the commit both clones build");
        s_clone = s_root.Root + "-clone";
        Git(Path.GetDirectoryName(s_root.Root)!, "clone", "--quiet", s_root.Root, s_clone);
        Git(s_clone, "remote", "set-url", "origin", "https://github.com/contoso/reproducible.git");
    }

    [ClassCleanup]
    public static void RemoveClones()
    {
        if (s_root is null)
        {
            return;
        }

        var registryImages = DockerCli.ReferencesWithPrefix($"{LocalRegistry.Instance.Host}/{s_root.ImagePrefix}");
        if (registryImages.Count > 0)
        {
            DockerCli.Run(["rmi", .. registryImages]);
        }

        s_root.Dispose();
        if (s_clone is not null && Directory.Exists(s_clone))
        {
            Directory.Delete(s_clone, recursive: true);
        }
    }

    private static ProcessResult Publish(string folder, string tag, params string[] extra) =>
        Root.DotNet(
        [
            "publish", Path.Combine(folder, "Api", "Api.csproj"), "-p:ContainerStages=true",
            $"-p:ContainerBaseImage={StandInImages.AspNet}", $"-p:ContainerStagesSdkImage={StandInImages.Sdk}",
            $"-p:ContainerRepository={Root.Image("api")}", $"-p:ContainerImageTag={tag}", .. extra,
        ]);

    private static string ImageId(string tag) => DockerCli.InspectImage($"{Root.Image("api")}:{tag}").GetProperty("Id").GetString()!;

    [TestMethod]
    public void Two_clones_give_the_same_image_in_the_container_path()
    {
        var first = Publish(Root.Root, "container-first", "-p:ContainerStagesHostBuild=false");
        Assert.IsTrue(first.Succeeded, first.ToString());
        var second = Publish(Clone, "container-clone", "-p:ContainerStagesHostBuild=false");
        Assert.IsTrue(second.Succeeded, second.ToString());

        Assert.AreEqual(ImageId("container-first"), ImageId("container-clone"));
        var labels = DockerCli.InspectImage($"{Root.Image("api")}:container-first").GetProperty("Config").GetProperty("Labels");
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(CommitSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), labels.GetProperty("org.opencontainers.image.created").GetString());
        Assert.AreEqual("https://github.com/contoso/reproducible", labels.GetProperty("org.opencontainers.image.source").GetString());
        StringAssert.Contains(first.Output, "CSTG1110", first.ToString());
    }

    [TestMethod]
    public void Two_clones_give_the_same_image_in_the_host_path_and_a_noop_republish_keeps_it()
    {
        var first = Publish(Root.Root, "host-first");
        Assert.IsTrue(first.Succeeded, first.ToString());
        StringAssert.Contains(first.Output, "CSTG1111", first.ToString());
        var clone = Publish(Clone, "host-clone");
        Assert.IsTrue(clone.Succeeded, clone.ToString());
        var again = Publish(Root.Root, "host-again");
        Assert.IsTrue(again.Succeeded, again.ToString());

        Assert.AreEqual(ImageId("host-first"), ImageId("host-clone"), "The clone's own compile should give the same image.\n" + clone);
        Assert.AreEqual(ImageId("host-first"), ImageId("host-again"));
        Assert.IsTrue(ImageFiles.List($"{Root.Image("api")}:host-first").All(l => l.Split(' ')[1] == CommitSeconds.ToString()), "The app's files should carry the commit's time.");
    }

    [TestMethod]
    public void Pushing_the_same_image_twice_reports_the_same_digest_and_the_registry_gets_no_new_manifest()
    {
        var registry = LocalRegistry.Instance;
        string repository = Root.Image("pushed");
        var credentials = new Dictionary<string, string?>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = LocalRegistry.UserName,
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = registry.Password,
        };
        ProcessResult Push() => Root.DotNet(
            [
                "publish", Path.Combine(Root.Root, "Api", "Api.csproj"), "-p:ContainerStages=true",
                $"-p:ContainerBaseImage={StandInImages.AspNet}", $"-p:ContainerStagesSdkImage={StandInImages.Sdk}",
                $"-p:ContainerRepository={repository}", "-p:ContainerImageTag=1.0", $"-p:ContainerRegistry={registry.Host}",
            ],
            credentials);

        var first = Push();
        Assert.IsTrue(first.Succeeded, first.ToString());
        int manifests = registry.ManifestRevisionCount(repository);
        var second = Push();
        Assert.IsTrue(second.Succeeded, second.ToString());

        string firstDigest = PushedDigest().Match(first.Output).Groups["digest"].Value;
        Assert.IsTrue(firstDigest.StartsWith("sha256:", StringComparison.Ordinal), first.ToString());
        Assert.AreEqual(firstDigest, PushedDigest().Match(second.Output).Groups["digest"].Value, second.ToString());
        Assert.AreEqual(registry.ManifestDigest(repository, "1.0"), firstDigest);
        Assert.AreEqual(1, manifests);
        Assert.AreEqual(manifests, registry.ManifestRevisionCount(repository), "The second push stored another manifest.");
    }

    [GeneratedRegex(@"CSTG1029: Pushed \S+: (?<digest>sha256:[0-9a-f]{64})")]
    private static partial Regex PushedDigest();

    private static void Git(string directory, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GIT_AUTHOR_NAME"] = "Test",
            ["GIT_AUTHOR_EMAIL"] = "test@example.com",
            ["GIT_COMMITTER_NAME"] = "Test",
            ["GIT_COMMITTER_EMAIL"] = "test@example.com",
            ["GIT_AUTHOR_DATE"] = $"@{CommitSeconds} +0000",
            ["GIT_COMMITTER_DATE"] = $"@{CommitSeconds} +0000",
        };
        var git = ProcessRunner.Run("git", arguments, directory, environment);
        Assert.IsTrue(git.Succeeded, git.ToString());
    }
}
