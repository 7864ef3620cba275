using ContainerStages.DockerConfig;
using ContainerStages.Engine;
using ContainerStages.Pipeline;
using ContainerStages.Registry;
using ContainerStages.Tests.Engine;
using ContainerStages.Tests.Registry;

namespace ContainerStages.Tests.Pipeline;

/// <summary>A multi-platform push: each platform through the engine, then one index per tag on the registry.</summary>
[TestClass]
public sealed class ImageIndexPusherTests
{
    private readonly FakeEngine _engine = new();
    private readonly RecordingPushLog _log = new();
    private readonly RecordingIndexRegistry _registry = new();

    [TestMethod]
    public async Task EachTag_GetsAnIndexOfItsPlatformsManifests_InBuildOrder()
    {
        foreach (string digest in new[] { Digest('a'), Digest('b'), Digest('a'), Digest('b') })
        {
            _engine.PushAnswers.Enqueue(new ImagePushResponse(digest, null));
        }

        var (platforms, indexes) = await Push(
            new PlatformImageReference("team/app:1.0-amd64", "sha256:amd", "linux/amd64"),
            new PlatformImageReference("team/app:latest-amd64", "sha256:amd", "linux/amd64"),
            new PlatformImageReference("team/app:1.0-arm64", "sha256:arm", "linux/arm64"),
            new PlatformImageReference("team/app:latest-arm64", "sha256:arm", "linux/arm64"));

        CollectionAssert.AreEqual(
            new[] { "sha256:amd -> r.example/team/app:1.0-amd64", "sha256:arm -> r.example/team/app:1.0-arm64", "sha256:amd -> r.example/team/app:latest-amd64", "sha256:arm -> r.example/team/app:latest-arm64" },
            _engine.Tags);
        Assert.HasCount(4, platforms);
        Assert.AreEqual("linux/arm64", platforms[1].Local.Platform);
        Assert.AreEqual("r.example/team/app:1.0", indexes[0].Target);
        Assert.AreEqual("r.example/team/app:latest", indexes[1].Target);
        Assert.AreEqual(indexes[0].Digest, indexes[1].Digest, "The same platform images give the same index under every tag.");
        CollectionAssert.AreEqual(new[] { "team/app 1.0", "team/app latest" }, _registry.Puts);
        CollectionAssert.AreEqual(new[] { Digest('a'), Digest('b') }, indexes[0].Manifests.Select(m => m.Digest).ToList());
        CollectionAssert.AreEqual(new[] { "linux/amd64", "linux/arm64" }, indexes[0].Manifests.Select(m => m.Platform).ToList());
        Assert.IsTrue(_log.Lines.Contains($"index r.example/team/app:1.0 {indexes[0].Digest} linux/amd64,linux/arm64"), string.Join("\n", _log.Lines));
    }

    [TestMethod]
    public async Task AFailedPlatformPush_PutsNoIndex()
    {
        _engine.PushAnswers.Enqueue(new ImagePushResponse(Digest('a'), null));
        _engine.PushAnswers.Enqueue(new ImagePushResponse(null, "denied: requested access to the resource is denied"));

        await Assert.ThrowsExactlyAsync<ContainerStagesException>(() => Push(
            new PlatformImageReference("app:1-amd64", "sha256:amd", "linux/amd64"),
            new PlatformImageReference("app:1-arm64", "sha256:arm", "linux/arm64")));

        Assert.IsEmpty(_registry.Puts);
    }

    private Task<(IReadOnlyList<(PlatformImageReference Local, PushedImage Pushed)> Platforms, IReadOnlyList<PushedImageIndex> Indexes)> Push(params PlatformImageReference[] images)
    {
        var pusher = new ImagePusher(_engine, _log, new PushRetryPolicy { MaxAttempts = 1, Wait = (_, _) => Task.CompletedTask });
        return new ImageIndexPusher(pusher, _registry, _log).PushAsync(images, "r.example", null, CancellationToken.None);
    }

    private static string Digest(char c) => "sha256:" + new string(c, 64);

    private sealed class RecordingIndexRegistry : IImageIndexRegistry
    {
        public List<string> Puts { get; } = [];

        public Task<ManifestDescriptor> GetManifestAsync(string repository, string digest, string platform, CancellationToken cancellationToken) =>
            Task.FromResult(new ManifestDescriptor(ManifestMediaTypes.DockerManifest, digest, 500, platform));

        public Task<string> PutIndexAsync(string repository, string tag, ImageIndexDocument index, CancellationToken cancellationToken)
        {
            Puts.Add($"{repository} {tag}");
            return Task.FromResult(index.Digest);
        }

        public void Dispose()
        {
        }
    }
}
