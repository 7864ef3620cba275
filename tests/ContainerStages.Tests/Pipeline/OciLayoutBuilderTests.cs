using System.Text;
using System.Text.Json;
using ContainerStages.Naming;
using ContainerStages.Pipeline;
using ContainerStages.Tests.Engine.BuildKit;
using static ContainerStages.Tests.Pipeline.SyntheticDockerSave;

namespace ContainerStages.Tests.Pipeline;

/// <summary>
/// The multi-platform archive's layout, from synthetic engine saves of both kinds: the older
/// docker save (manifest.json, &lt;id&gt;.json, &lt;layer&gt;/layer.tar) and the OCI layout of Docker 25+.
/// </summary>
[TestClass]
public sealed class OciLayoutBuilderTests
{
    private static readonly byte[] SharedLayer = LayerTar("base.txt", "shared base");

    [TestMethod]
    public async Task TwoLegacySaves_GiveAnIndexOfBothPlatforms_NamedByTheUnsuffixedTag()
    {
        using var tree = new TempTree();
        var amd64 = LegacySave(Config("amd64", null, SharedLayer, LayerTar("x.txt", "amd")), [SharedLayer, LayerTar("x.txt", "amd")]);
        var arm64 = LegacySave(Config("arm64", "v8", SharedLayer, LayerTar("x.txt", "arm")), [SharedLayer, LayerTar("x.txt", "arm")]);

        var layout = await Assemble(tree, [(amd64, ["app:1.0-amd64", "app:latest-amd64"]), (arm64, ["app:1.0-arm64", "app:latest-arm64"])], ["app:1.0", "app:latest"]);

        using var index = JsonDocument.Parse(layout.Files["index.json"]);
        var named = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.AreEqual(2, named.Count);
        Assert.AreEqual("application/vnd.oci.image.index.v1+json", named[0].GetProperty("mediaType").GetString());
        Assert.AreEqual("app:1.0", named[0].GetProperty("annotations").GetProperty("io.containerd.image.name").GetString());
        Assert.AreEqual("1.0", named[0].GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
        Assert.AreEqual("latest", named[1].GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
        Assert.AreEqual(named[0].GetProperty("digest").GetString(), named[1].GetProperty("digest").GetString());

        byte[] indexBlob = layout.Blob(named[0].GetProperty("digest").GetString()!);
        Assert.AreEqual(named[0].GetProperty("size").GetInt64(), indexBlob.Length);
        using var imageIndex = JsonDocument.Parse(indexBlob);
        var platforms = imageIndex.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.AreEqual(2, platforms.Count);
        Assert.AreEqual("amd64", platforms[0].GetProperty("platform").GetProperty("architecture").GetString());
        Assert.AreEqual("linux", platforms[0].GetProperty("platform").GetProperty("os").GetString());
        Assert.IsFalse(platforms[0].GetProperty("platform").TryGetProperty("variant", out _));
        Assert.AreEqual("arm64", platforms[1].GetProperty("platform").GetProperty("architecture").GetString());
        Assert.AreEqual("v8", platforms[1].GetProperty("platform").GetProperty("variant").GetString());
        foreach (var platform in platforms)
        {
            Assert.AreEqual("application/vnd.oci.image.manifest.v1+json", platform.GetProperty("mediaType").GetString());
            byte[] manifest = layout.Blob(platform.GetProperty("digest").GetString()!);
            Assert.AreEqual(platform.GetProperty("size").GetInt64(), manifest.Length);
            using var image = JsonDocument.Parse(manifest);
            Assert.AreEqual(2, image.RootElement.GetProperty("layers").GetArrayLength());
            layout.Blob(image.RootElement.GetProperty("config").GetProperty("digest").GetString()!);
        }

        Assert.AreEqual("{\"imageLayoutVersion\":\"1.0.0\"}", Encoding.UTF8.GetString(layout.Files["oci-layout"]));
    }

    [TestMethod]
    public async Task ALayerBothPlatformsShare_IsWrittenOnce_AndEveryBlobUnderItsOwnDigest()
    {
        using var tree = new TempTree();
        var amd64 = LegacySave(Config("amd64", null, SharedLayer, LayerTar("x.txt", "amd")), [SharedLayer, LayerTar("x.txt", "amd")]);
        var arm64 = LegacySave(Config("arm64", null, SharedLayer, LayerTar("x.txt", "arm")), [SharedLayer, LayerTar("x.txt", "arm")]);

        var layout = await Assemble(tree, [(amd64, ["app:1-amd64"]), (arm64, ["app:1-arm64"])], ["app:1"]);

        var blobs = layout.Files.Keys.Where(name => name.StartsWith("blobs/sha256/", StringComparison.Ordinal)).ToList();
        // One shared layer, two own layers, two configs, two manifests, one index.
        Assert.AreEqual(8, blobs.Count);
        Assert.AreEqual(8, layout.BlobCount);
        Assert.AreEqual(1, layout.Names.Count(name => name == "blobs/sha256/" + Hex(SharedLayer)));
        foreach (string blob in blobs)
        {
            Assert.AreEqual(blob["blobs/sha256/".Length..], Hex(layout.Files[blob]), blob);
        }
    }

    [TestMethod]
    public async Task ManifestJson_GivesEachPlatformImageItsSuffixedTags_WithPathsInTheLayout()
    {
        using var tree = new TempTree();
        byte[] amdConfig = Config("amd64", null, SharedLayer);
        byte[] armConfig = Config("arm64", null, SharedLayer);
        var amd64 = LegacySave(amdConfig, [SharedLayer]);
        var arm64 = LegacySave(armConfig, [SharedLayer]);

        var layout = await Assemble(tree, [(amd64, ["app:1.0-amd64", "app:latest-amd64"]), (arm64, ["app:1.0-arm64", "app:latest-arm64"])], ["app:1.0", "app:latest"]);

        using var manifest = JsonDocument.Parse(layout.Files["manifest.json"]);
        var images = manifest.RootElement.EnumerateArray().ToList();
        Assert.AreEqual(2, images.Count);
        CollectionAssert.AreEqual(new[] { "app:1.0-amd64", "app:latest-amd64" }, images[0].GetProperty("RepoTags").EnumerateArray().Select(tag => tag.GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { "app:1.0-arm64", "app:latest-arm64" }, images[1].GetProperty("RepoTags").EnumerateArray().Select(tag => tag.GetString()).ToArray());
        Assert.AreEqual("blobs/sha256/" + Hex(amdConfig), images[0].GetProperty("Config").GetString());
        Assert.AreEqual("blobs/sha256/" + Hex(armConfig), images[1].GetProperty("Config").GetString());
        foreach (var image in images)
        {
            Assert.IsTrue(layout.Files.ContainsKey(image.GetProperty("Config").GetString()!));
            Assert.AreEqual("blobs/sha256/" + Hex(SharedLayer), image.GetProperty("Layers")[0].GetString());
        }
    }

    [TestMethod]
    public async Task AnOciSave_KeepsItsManifestDescriptor_AndTakesThePlatformFromTheConfig()
    {
        using var tree = new TempTree();
        byte[] ownLayer = LayerTar("y.txt", "oci");
        var (save, manifestDigest, manifestSize) = OciSave(Config("arm", "v7", SharedLayer, ownLayer), [SharedLayer, ownLayer]);
        var legacy = LegacySave(Config("amd64", null, SharedLayer), [SharedLayer]);

        var layout = await Assemble(tree, [(legacy, ["app:2-amd64"]), (save, ["app:2-arm-v7"])], ["app:2"]);

        using var index = JsonDocument.Parse(layout.Files["index.json"]);
        using var imageIndex = JsonDocument.Parse(layout.Blob(index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!));
        var oci = imageIndex.RootElement.GetProperty("manifests")[1];
        Assert.AreEqual(manifestDigest, oci.GetProperty("digest").GetString());
        Assert.AreEqual(manifestSize, oci.GetProperty("size").GetInt64());
        Assert.AreEqual("arm", oci.GetProperty("platform").GetProperty("architecture").GetString());
        Assert.AreEqual("v7", oci.GetProperty("platform").GetProperty("variant").GetString());
        Assert.IsTrue(layout.Files.ContainsKey("blobs/sha256/" + Hex(ownLayer)));
        Assert.AreEqual(1, layout.Names.Count(name => name == "blobs/sha256/" + Hex(SharedLayer)));
    }

    [TestMethod]
    public async Task AnOciSaveOfAnImageIndex_GivesItsOnePlatformManifest_NotTheAttestation()
    {
        using var tree = new TempTree();
        var (save, manifestDigest, _) = OciSave(Config("arm64", null, SharedLayer), [SharedLayer], asImageIndex: true);

        var layout = await Assemble(tree, [(save, ["app:3-arm64"])], ["app:3"]);

        using var index = JsonDocument.Parse(layout.Files["index.json"]);
        using var imageIndex = JsonDocument.Parse(layout.Blob(index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!));
        var platforms = imageIndex.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.AreEqual(1, platforms.Count);
        Assert.AreEqual(manifestDigest, platforms[0].GetProperty("digest").GetString());
        // The saved index and the attestation stay out: the shared layer, the config, the manifest, the new index.
        Assert.AreEqual(4, layout.BlobCount);
    }

    [TestMethod]
    public async Task ALegacyLayerLinkedToAnother_IsFollowed()
    {
        using var tree = new TempTree();
        byte[] config = Config("amd64", null, SharedLayer, SharedLayer);
        var entries = new List<(string, byte[]?, string?)>
        {
            ("aaaa/layer.tar", SharedLayer, null),
            ("bbbb/layer.tar", null, "../aaaa/layer.tar"),
            (Hex(config) + ".json", config, null),
            ("manifest.json", Encoding.UTF8.GetBytes($"[{{\"Config\":\"{Hex(config)}.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"aaaa/layer.tar\",\"bbbb/layer.tar\"]}}]"), null),
        };

        var layout = await Assemble(tree, [(Tar(entries), ["app:1-amd64"])], ["app:1"]);

        using var manifest = JsonDocument.Parse(layout.Files["manifest.json"]);
        Assert.AreEqual(2, manifest.RootElement[0].GetProperty("Layers").GetArrayLength());
    }

    [TestMethod]
    public async Task ASaveWithoutIndexOrManifest_IsCSTG0120()
    {
        using var tree = new TempTree();
        using var builder = new OciLayoutBuilder(tree.FullPath("staging"), "/out/app.tar");

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() =>
            builder.AddSaveAsync(new MemoryStream(Tar([("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray(), null)])), ["app:1-amd64"], CancellationToken.None));

        Assert.AreEqual("SaveWithoutImageIndex", error.ResourceName);
        StringAssert.StartsWith(error.Text, "CSTG0120: ");
        StringAssert.Contains(error.Text, "app:1-amd64");
    }

    [TestMethod]
    public async Task ABlobWhoseContentIsNotItsName_IsCSTG0122()
    {
        using var tree = new TempTree();
        using var builder = new OciLayoutBuilder(tree.FullPath("staging"), "/out/app.tar");
        string wrongName = "blobs/sha256/" + new string('a', 64);

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() =>
            builder.AddSaveAsync(new MemoryStream(Tar([(wrongName, SharedLayer, null)])), ["app:1-amd64"], CancellationToken.None));

        Assert.AreEqual("SaveBlobDigestMismatch", error.ResourceName);
        StringAssert.Contains(error.Text, "sha256:" + Hex(SharedLayer));
    }

    [TestMethod]
    public async Task AManifestNamingABlobTheSaveLacks_IsCSTG0121()
    {
        using var tree = new TempTree();
        byte[] config = Config("amd64", null, SharedLayer);
        var save = Tar([
            (Hex(config) + ".json", config, null),
            ("manifest.json", Encoding.UTF8.GetBytes($"[{{\"Config\":\"{Hex(config)}.json\",\"RepoTags\":[],\"Layers\":[\"gone/layer.tar\"]}}]"), null),
        ]);
        using var builder = new OciLayoutBuilder(tree.FullPath("staging"), "/out/app.tar");

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() => builder.AddSaveAsync(new MemoryStream(save), ["app:1-amd64"], CancellationToken.None));

        Assert.AreEqual("SaveBlobMissing", error.ResourceName);
        StringAssert.Contains(error.Text, "gone/layer.tar");
    }

    [TestMethod]
    public async Task AnIndexJsonThatIsNotJson_IsCSTG0123()
    {
        using var tree = new TempTree();
        using var builder = new OciLayoutBuilder(tree.FullPath("staging"), "/out/app.tar");

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() =>
            builder.AddSaveAsync(new MemoryStream(Tar([("index.json", "{not json"u8.ToArray(), null)])), ["app:1-amd64"], CancellationToken.None));

        Assert.AreEqual("SaveManifestUnreadable", error.ResourceName);
        StringAssert.StartsWith(error.Text, "CSTG0123: ");
    }

    [TestMethod]
    [DataRow("app:1.0-amd64", "linux/amd64", "app:1.0")]
    [DataRow("host:5000/team/app:latest-arm-v7", "linux/arm/v7", "host:5000/team/app:latest")]
    [DataRow("app:1.0", "linux/amd64", "app:1.0")]
    public void TheIndexIsNamedByTheTagWithoutThePlatformSuffix(string reference, string platform, string expected)
    {
        Assert.AreEqual(expected, ImagePlatform.WithoutTagSuffix(reference, platform));
    }

    [TestMethod]
    public void ImagesAreGroupedByPlatform_InTheirOrder()
    {
        var groups = OciLayoutArchiveWriter.ByPlatform([("a:1-amd64", "linux/amd64"), ("a:1-arm64", "linux/arm64"), ("a:latest-amd64", "linux/amd64")]);

        Assert.AreEqual(2, groups.Count);
        Assert.AreEqual("linux/amd64", groups[0].Platform);
        CollectionAssert.AreEqual(new[] { "a:1-amd64", "a:latest-amd64" }, groups[0].References.ToArray());
        CollectionAssert.AreEqual(new[] { "a:1-arm64" }, groups[1].References.ToArray());
    }

    private static async Task<OciLayoutTar> Assemble(TempTree tree, IReadOnlyList<(byte[] Save, string[] Tags)> saves, string[] indexNames)
    {
        using var builder = new OciLayoutBuilder(tree.FullPath("staging"), tree.FullPath("app.tar"));
        int seed = 0;
        foreach (var (save, tags) in saves)
        {
            // The engine's response: forward only, a few bytes per read.
            await builder.AddSaveAsync(new TricklingStream(save, seed++), tags, CancellationToken.None);
        }

        using var output = new MemoryStream();
        int blobCount = await builder.WriteAsync(output, indexNames, CancellationToken.None);
        Assert.IsFalse(Directory.EnumerateFiles(tree.FullPath("staging")).Any(file => Path.GetFileName(file).StartsWith("incoming-", StringComparison.Ordinal)));
        output.Position = 0;
        return OciLayoutTar.Read(output, blobCount);
    }
}
