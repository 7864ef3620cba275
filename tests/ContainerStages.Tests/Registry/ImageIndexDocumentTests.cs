using System.Security.Cryptography;
using System.Text.Json;
using ContainerStages.Registry;

namespace ContainerStages.Tests.Registry;

[TestClass]
public sealed class ImageIndexDocumentTests
{
    private const string AmdDigest = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string ArmDigest = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [TestMethod]
    public void DockerManifests_MakeADockerManifestList_WithEachPlatform()
    {
        var index = ImageIndexDocument.Create([
            new ManifestDescriptor(ManifestMediaTypes.DockerManifest, AmdDigest, 1234, "linux/amd64"),
            new ManifestDescriptor(ManifestMediaTypes.DockerManifest, ArmDigest, 1240, "linux/arm/v7"),
        ]);

        Assert.AreEqual(ManifestMediaTypes.DockerManifestList, index.MediaType);
        using var json = JsonDocument.Parse(index.Content);
        Assert.AreEqual(2, json.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.AreEqual(ManifestMediaTypes.DockerManifestList, json.RootElement.GetProperty("mediaType").GetString());
        var manifests = json.RootElement.GetProperty("manifests");
        Assert.AreEqual(AmdDigest, manifests[0].GetProperty("digest").GetString());
        Assert.AreEqual(1234, manifests[0].GetProperty("size").GetInt64());
        Assert.AreEqual("amd64", manifests[0].GetProperty("platform").GetProperty("architecture").GetString());
        Assert.AreEqual("linux", manifests[0].GetProperty("platform").GetProperty("os").GetString());
        Assert.IsFalse(manifests[0].GetProperty("platform").TryGetProperty("variant", out _));
        Assert.AreEqual("arm", manifests[1].GetProperty("platform").GetProperty("architecture").GetString());
        Assert.AreEqual("v7", manifests[1].GetProperty("platform").GetProperty("variant").GetString());
    }

    [TestMethod]
    public void AnOciManifest_MakesAnOciIndex()
    {
        var index = ImageIndexDocument.Create([
            new ManifestDescriptor(ManifestMediaTypes.DockerManifest, AmdDigest, 1, "linux/amd64"),
            new ManifestDescriptor(ManifestMediaTypes.OciManifest, ArmDigest, 2, "linux/arm64"),
        ]);

        Assert.AreEqual(ManifestMediaTypes.OciIndex, index.MediaType);
        StringAssert.Contains(index.ToString(), "\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\"");
    }

    [TestMethod]
    public void Digest_IsTheSha256OfTheBytes_AndTheSameManifestsGiveTheSameBytes()
    {
        ManifestDescriptor[] manifests = [new(ManifestMediaTypes.DockerManifest, AmdDigest, 1, "linux/amd64")];
        var first = ImageIndexDocument.Create(manifests);
        var second = ImageIndexDocument.Create(manifests);

        Assert.AreEqual("sha256:" + Convert.ToHexString(SHA256.HashData(first.Content)).ToLowerInvariant(), first.Digest);
        Assert.AreEqual(first.Digest, second.Digest);
    }

    [TestMethod]
    public void NoManifests_IsRefused()
    {
        Assert.ThrowsExactly<ArgumentException>(() => ImageIndexDocument.Create([]));
    }
}
