using ContainerStages.Planning;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Planning;

[TestClass]
public sealed class GeneratedFileTests
{
    [TestMethod]
    public void WriteIfChanged_MissingFileInMissingFolder_WritesUtf8WithoutBom()
    {
        using var tree = new TempTree();
        string path = tree.FullPath("a/b/Dockerfile");

        Assert.IsTrue(GeneratedFile.WriteIfChanged(path, "FROM x\n"));

        CollectionAssert.AreEqual("FROM x\n"u8.ToArray(), File.ReadAllBytes(path));
    }

    [TestMethod]
    public void WriteIfChanged_SameContent_LeavesTheFileAndItsTimestamp()
    {
        using var tree = new TempTree();
        string path = tree.WriteFile("Dockerfile", "FROM x\n");
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);

        Assert.IsFalse(GeneratedFile.WriteIfChanged(path, "FROM x\n"));

        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(path));
    }

    [TestMethod]
    public void WriteIfChanged_DifferentContent_Rewrites()
    {
        using var tree = new TempTree();
        string path = tree.WriteFile("Dockerfile", "FROM x\r\n");

        Assert.IsTrue(GeneratedFile.WriteIfChanged(path, "FROM x\n"));

        Assert.AreEqual("FROM x\n", File.ReadAllText(path));
    }
}
