using ContainerStages.Engine;
using ContainerStages.Pipeline;

namespace ContainerStages.Tests.Pipeline;

/// <summary>Where ContainerArchiveOutputPath puts the archive: the SDK's file-or-folder rules.</summary>
[TestClass]
public sealed class ImageArchiveWriterTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "cstg-archive-base");

    [TestMethod]
    public void AFileName_IsTakenAsIt_IsRelativeToTheProject()
    {
        Assert.AreEqual(Path.Combine(Base, "out", "app.tar"), ImageArchiveWriter.ResolvePath("out/app.tar", "team/app", Base));
    }

    [TestMethod]
    public void APathEndingWithASeparator_IsAFolder_ForRepositoryTarGz()
    {
        Assert.AreEqual(Path.Combine(Base, "out", "team", "app.tar.gz"), ImageArchiveWriter.ResolvePath("out/", "team/app", Base));
    }

    [TestMethod]
    public void APathWithoutAnExtension_IsAFolder()
    {
        Assert.AreEqual(Path.Combine(Base, "images", "app.tar.gz"), ImageArchiveWriter.ResolvePath("images", "app", Base));
    }

    [TestMethod]
    public void AnExistingFolder_IsAFolderEvenWithADot()
    {
        string folder = Directory.CreateTempSubdirectory("cstg-archive.v1-").FullName;
        try
        {
            Assert.AreEqual(Path.Combine(folder, "app.tar.gz"), ImageArchiveWriter.ResolvePath(folder, "app", Base));
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [TestMethod]
    [DataRow("a.tar.gz", true)]
    [DataRow("a.TGZ", true)]
    [DataRow("a.tar", false)]
    public void IsCompressed_FollowsTheName(string path, bool compressed)
    {
        Assert.AreEqual(compressed, ImageArchiveWriter.IsCompressed(path));
    }
}
