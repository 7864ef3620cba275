using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// ContainerRuntimeIdentifiers for linux-x64 and linux-arm64 against a loopback registry: one image per
/// platform from one Dockerfile, an image index under the tag, and each platform's image running on
/// it (arm64 under qemu's binfmt emulation, which eng/test-env.sh registers). The base image is an
/// index in the same registry, as the real .NET images are, so each platform's build finds its own.
/// </summary>
[TestClass]
public sealed partial class MultiPlatformEndToEndTests
{
    private const string Program = """
        using System.Runtime.InteropServices;

        var app = WebApplication.Create(args);
        app.MapGet("/", () => $"arch={RuntimeInformation.ProcessArchitecture}");
        app.Run();
        """;

    [TestMethod]
    public async Task Web_app_for_x64_and_arm64_is_pushed_as_an_index_whose_images_run_on_their_platforms()
    {
        TestEnvironment.RequireEngine();
        Assert.IsTrue(DockerCli.ImageExists(StandInImages.RuntimeDepsArm64), $"{StandInImages.RuntimeDepsArm64} is missing: run eng/test-env.sh (or eng/test-env.sh --only runtime-deps-arm64).");
        using var registry = PlainHttpRegistry.Start();
        using var root = TestProjectRoot.Create("multiarch");
        try
        {
            string config = Path.Combine(root.Root, "docker-config");
            Directory.CreateDirectory(config);
            string auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PlainHttpRegistry.UserName}:{registry.Password}"));
            File.WriteAllText(Path.Combine(config, "config.json"), "{\"auths\":{\"" + registry.Host + "\":{\"auth\":\"" + auth + "\"}}}");
            var environment = new Dictionary<string, string?> { ["DOCKER_CONFIG"] = config };

            // The base: an index of the amd64 and arm64 stand-ins, only in the registry.
            string baseRepository = $"{root.ImagePrefix}/runtime-deps";
            foreach (var (standIn, architecture) in new[] { (StandInImages.RuntimeDeps, "amd64"), (StandInImages.RuntimeDepsArm64, "arm64") })
            {
                string reference = $"{registry.Host}/{baseRepository}:10.0-{architecture}";
                Assert.IsTrue(DockerCli.Run("tag", standIn, reference).Succeeded);
                var push = ProcessRunner.Run("/usr/bin/docker", ["--config", config, "push", reference], timeout: TimeSpan.FromMinutes(5));
                Assert.IsTrue(push.Succeeded, push.ToString());
                Assert.IsTrue(DockerCli.Run("rmi", reference).Succeeded);
            }

            registry.PutIndex(baseRepository, "10.0", ("10.0-amd64", "amd64"), ("10.0-arm64", "arm64"));

            root.WriteProject("Web/Web.csproj", "Microsoft.NET.Sdk.Web", """
                <ContainerRuntimeIdentifiers>linux-x64;linux-arm64</ContainerRuntimeIdentifiers>
                <SelfContained>true</SelfContained>
                <InvariantGlobalization>true</InvariantGlobalization>
                """);
            root.WriteFile("Web/Program.cs", Program);
            string image = root.Image("web");
            var publish = root.DotNet(
                [
                    "publish", "Web/Web.csproj", "-p:ContainerStages=true",
                    $"-p:ContainerBaseImage={registry.Host}/{baseRepository}:10.0",
                    $"-p:ContainerStagesSdkImage={StandInImages.Sdk}",
                    $"-p:ContainerRegistry={registry.Host}",
                    $"-p:ContainerRepository={image}",
                    "-p:ContainerImageTag=1.0",
                    $"-p:ContainerArchiveOutputPath={Path.Combine(root.Root, "web.tar")}",
                ],
                environment);

            Assert.IsTrue(publish.Succeeded, publish.ToString());
            StringAssert.Contains(publish.Output, "CSTG1117: Building 2 platforms: linux/amd64, linux/arm64.", publish.ToString());
            StringAssert.Contains(publish.Output, "CSTG1111: ", "The host's linux-x64 output fits the amd64 image.\n" + publish);
            StringAssert.Contains(publish.Output, "CSTG1112: ", "The arm64 image builds its app in the container.\n" + publish);
            Console.WriteLine($"two-platform publish took {publish.Elapsed.TotalSeconds:0.0} s");
            foreach (Match built in BuiltMessage().Matches(publish.Output))
            {
                Console.WriteLine(built.Value);
            }

            // The registry's own answers: an index with both platforms, digests as the log said.
            var logged = IndexMessage().Match(publish.Output);
            Assert.IsTrue(logged.Success, "No CSTG1125 line for the index.\n" + publish);
            Assert.AreEqual($"{registry.Host}/{image}:1.0", logged.Groups["target"].Value);
            var (mediaType, digest, index) = registry.Manifest(image, "1.0");
            Assert.AreEqual("application/vnd.docker.distribution.manifest.list.v2+json", mediaType);
            Assert.AreEqual(digest, logged.Groups["digest"].Value, "The index digest in the log is not the registry's.");
            var manifests = index.GetProperty("manifests").EnumerateArray().ToList();
            Assert.HasCount(2, manifests);
            foreach (var (manifest, architecture) in manifests.Zip(new[] { "amd64", "arm64" }))
            {
                Assert.AreEqual(architecture, manifest.GetProperty("platform").GetProperty("architecture").GetString());
                string manifestDigest = manifest.GetProperty("digest").GetString()!;
                StringAssert.Contains(logged.Groups["platforms"].Value, $"linux/{architecture} {manifestDigest}", "The platform digest in the log is not the registry's.");
                var (_, stored, platformManifest) = registry.Manifest(image, manifestDigest);
                Assert.AreEqual(manifestDigest, stored);
                var imageConfig = registry.Blob(image, platformManifest.GetProperty("config").GetProperty("digest").GetString()!);
                Assert.AreEqual(architecture, imageConfig.GetProperty("architecture").GetString(), "The manifest's config names another architecture.");
            }

            // Pulling the tag on each platform gives that platform's image, and it answers HTTP there.
            foreach (var (platform, answer) in new[] { ("linux/amd64", "arch=X64"), ("linux/arm64", "arch=Arm64") })
            {
                string pulled = $"{registry.Host}/{image}:1.0";
                var pull = ProcessRunner.Run("/usr/bin/docker", ["--config", config, "pull", "--platform", platform, pulled], timeout: TimeSpan.FromMinutes(5));
                Assert.IsTrue(pull.Succeeded, pull.ToString());
                Assert.AreEqual(platform.Split('/')[1], DockerCli.InspectImage(pulled).GetProperty("Architecture").GetString());
                // .NET's W^X double mapping of JIT code is not reliable under qemu-user (a startup
                // NullReferenceException in reflection stubs, seen with dotnet/dotnet-docker's aspnetapp):
                // that is the emulator's limit, not the image's, so it is off for the emulated run only.
                string container = platform == "linux/amd64"
                    ? root.StartContainer(pulled, "--platform", platform, "-p", "127.0.0.1::8080")
                    : root.StartContainer(pulled, "--platform", platform, "-e", "DOTNET_EnableWriteXorExecute=0", "-p", "127.0.0.1::8080");
                var (status, body) = await HttpProbe.GetAsync($"http://127.0.0.1:{HttpProbe.HostPort(container, 8080)}/", container);
                Assert.AreEqual(200, status);
                Assert.AreEqual(answer, body);
                DockerCli.RemoveContainer(container);
            }

            // The archive: an OCI layout whose index names both platforms' manifests, each config its architecture.
            var archive = ReadSmallFiles(Path.Combine(root.Root, "web.tar"));
            using var layoutIndex = JsonDocument.Parse(archive["index.json"]);
            var named = layoutIndex.RootElement.GetProperty("manifests")[0];
            Assert.AreEqual("1.0", named.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
            using var archivedIndex = JsonDocument.Parse(archive[Blob(named.GetProperty("digest").GetString()!)]);
            var architectures = archivedIndex.RootElement.GetProperty("manifests").EnumerateArray().Select(entry =>
            {
                using var manifest = JsonDocument.Parse(archive[Blob(entry.GetProperty("digest").GetString()!)]);
                using var config = JsonDocument.Parse(archive[Blob(manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!)]);
                Assert.AreEqual(entry.GetProperty("platform").GetProperty("architecture").GetString(), config.RootElement.GetProperty("architecture").GetString());
                return config.RootElement.GetProperty("architecture").GetString();
            }).ToList();
            CollectionAssert.AreEqual(new[] { "amd64", "arm64" }, architectures);

            // Self-contained: the SDK gives the publish the build machine's RID, so obj/ has a RID folder.
            string reportFile = Directory.GetFiles(Path.Combine(root.Root, "Web/obj"), "ContainerStages.report.json", SearchOption.AllDirectories).Single();
            using var report = JsonDocument.Parse(File.ReadAllText(reportFile));
            var platforms = report.RootElement.GetProperty("platforms").EnumerateArray().Select(p => p.GetProperty("platform").GetString()).ToList();
            CollectionAssert.AreEqual(new[] { "linux/amd64", "linux/arm64" }, platforms);
        }
        finally
        {
            var pushed = DockerCli.ReferencesWithPrefix($"{registry.Host}/{root.ImagePrefix}");
            if (pushed.Count > 0)
            {
                DockerCli.Run(["rmi", "-f", .. pushed]);
            }
        }
    }

    [TestMethod]
    public void Base_image_the_engine_has_for_amd64_only_is_CSTG0127_for_arm64_and_nothing_is_tagged()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("multiarchbase");
        root.WriteProject("App/App.csproj", "Microsoft.NET.Sdk", """
            <OutputType>Exe</OutputType>
            <ContainerRuntimeIdentifiers>linux-x64;linux-arm64</ContainerRuntimeIdentifiers>
            <SelfContained>true</SelfContained>
            <InvariantGlobalization>true</InvariantGlobalization>
            """);
        root.WriteFile("App/Program.cs", "Console.WriteLine(\"hello\");\n");
        string image = root.Image("app");

        var publish = root.Publish("App/App.csproj", StandInImages.RuntimeDeps, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1");

        Assert.IsFalse(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, $"error CSTG0127: The base image '{StandInImages.RuntimeDeps}' has no image for linux/arm64: the engine has it for linux/amd64 only", publish.ToString());
        StringAssert.Contains(publish.Output, "Set ContainerBaseImage to an image that exists for every platform", publish.ToString());
        Assert.IsEmpty(DockerCli.ImagesWithPrefix(root.ImagePrefix), "A platform's image was tagged although another platform failed.");
    }

    private static string Blob(string digest) => "blobs/sha256/" + digest["sha256:".Length..];

    /// <summary>The archive's files under 1 MB (the JSON documents; layers are larger), by name.</summary>
    private static Dictionary<string, byte[]> ReadSmallFiles(string path)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new TarReader(File.OpenRead(path));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is { Length: < 1 << 20 } data)
            {
                using var buffer = new MemoryStream();
                data.CopyTo(buffer);
                files[entry.Name.TrimStart('.', '/')] = buffer.ToArray();
            }
        }

        return files;
    }

    [GeneratedRegex(@"ContainerStages: built \S+ from stage '[^']+': [0-9.]+ MB")]
    private static partial Regex BuiltMessage();

    [GeneratedRegex(@"CSTG1125: Pushed the image index (?<target>\S+) \((?<platforms>[^)]*)\): (?<digest>sha256:[0-9a-f]{64})")]
    private static partial Regex IndexMessage();
}
