using System.IO.Compression;
using System.Text.Json;
using ContainerStages.Pipeline;
using ContainerStages.Tests.Engine;
using static ContainerStages.Tests.Pipeline.SyntheticDockerSave;

namespace ContainerStages.Tests.Pipeline;

/// <summary>The multi-platform archive on the engine seam: one save per platform, the file moved into place whole, nothing left on failure.</summary>
[TestClass]
public sealed class OciLayoutArchiveWriterTests
{
    private static readonly byte[] Base = LayerTar("base.txt", "base");

    [TestMethod]
    public async Task EachPlatformIsSavedOnce_AndTheGzipArchiveHoldsTheIndex()
    {
        using var tree = new TempTree();
        var engine = Engine();
        string path = tree.FullPath("out/app.tar.gz");

        var archive = await new OciLayoutArchiveWriter(engine).WriteAsync(Images, path, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "save app:1-amd64", "save app:1-arm64" }, engine.Calls.ToArray());
        CollectionAssert.AreEqual(new[] { "linux/amd64", "linux/arm64" }, archive.Platforms.ToArray());
        Assert.AreEqual(new FileInfo(path).Length, archive.Bytes);
        // Three layers (the base once), two configs, two manifests, the index.
        Assert.AreEqual(8, archive.BlobCount);
        CollectionAssert.AreEqual(new[] { "app.tar.gz" }, Directory.GetFileSystemEntries(tree.FullPath("out")).Select(Path.GetFileName).ToArray());

        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var tar = new MemoryStream();
        gzip.CopyTo(tar);
        tar.Position = 0;
        var layout = OciLayoutTar.Read(tar, archive.BlobCount);
        using var index = JsonDocument.Parse(layout.Files["index.json"]);
        CollectionAssert.AreEqual(
            new[] { "app:1", "app:latest" },
            index.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("annotations").GetProperty("io.containerd.image.name").GetString()).ToArray());
    }

    [TestMethod]
    public async Task AFailedSave_IsCSTG0056_AndLeavesNoFileBehind()
    {
        using var tree = new TempTree();
        var engine = Engine();
        engine.Saves["app:1-arm64"] = new HttpRequestException("reference does not exist");
        string path = tree.FullPath("out/app.tar");

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() => new OciLayoutArchiveWriter(engine).WriteAsync(Images, path, CancellationToken.None));

        Assert.AreEqual("ArchiveWriteFailed", error.ResourceName);
        StringAssert.Contains(error.Text, "reference does not exist");
        Assert.AreEqual(0, Directory.GetFileSystemEntries(tree.FullPath("out")).Length);
    }

    [TestMethod]
    public async Task ACodedLayoutError_LeavesNoFileBehind()
    {
        using var tree = new TempTree();
        var engine = Engine();
        engine.Saves["app:1-arm64"] = Tar([("repositories", "{}"u8.ToArray(), null)]);
        string path = tree.FullPath("out/app.tar");

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() => new OciLayoutArchiveWriter(engine).WriteAsync(Images, path, CancellationToken.None));

        Assert.AreEqual("SaveWithoutImageIndex", error.ResourceName);
        StringAssert.Contains(error.Text, path);
        Assert.AreEqual(0, Directory.GetFileSystemEntries(tree.FullPath("out")).Length);
    }

    private static IReadOnlyList<(string Reference, string Platform)> Images =>
        [("app:1-amd64", "linux/amd64"), ("app:latest-amd64", "linux/amd64"), ("app:1-arm64", "linux/arm64"), ("app:latest-arm64", "linux/arm64")];

    private static FakeEngine Engine()
    {
        var engine = new FakeEngine();
        byte[] amd = LayerTar("x", "amd");
        byte[] arm = LayerTar("x", "arm");
        engine.Saves["app:1-amd64"] = LegacySave(Config("amd64", null, Base, amd), [Base, amd]);
        engine.Saves["app:1-arm64"] = LegacySave(Config("arm64", null, Base, arm), [Base, arm]);
        return engine;
    }
}
