using ContainerStages.ProjectModel;

namespace ContainerStages.Tests.ProjectModel;

[TestClass]
public sealed class ProjectAssetsTests
{
    [TestMethod]
    public void Read_ProjectReferences_AreResolvedFromTheProjectFolderSortedAndDistinct()
    {
        using var tree = new TempTree();
        string project = tree.WriteFile("src/App/App.csproj");
        string assetsPath = AssetsFile.Write(project, projectReferences: ["../Lib/Lib.csproj", "../../shared/Common/Common.csproj", "../Lib/../Lib/Lib.csproj"]);

        var assets = ProjectAssets.Read(assetsPath);

        Assert.AreEqual(project, assets.ProjectPath);
        CollectionAssert.AreEqual(
            new[] { tree.FullPath("shared/Common/Common.csproj"), tree.FullPath("src/Lib/Lib.csproj") },
            assets.ReferencedProjectPaths.ToArray());
    }

    [TestMethod]
    public void Read_PackageLibraries_AreNotProjectReferences()
    {
        using var tree = new TempTree();
        string assetsPath = AssetsFile.Write(tree.WriteFile("App/App.csproj"));

        Assert.IsEmpty(ProjectAssets.Read(assetsPath).ReferencedProjectPaths);
    }

    [TestMethod]
    public void Read_ConfigFilesAndSources_AreTakenAsRecordedInOrder()
    {
        using var tree = new TempTree();
        string config = tree.WriteFile("NuGet.config", "<configuration />");
        string feed = tree.CreateFolder("feed");
        string assetsPath = AssetsFile.Write(
            tree.WriteFile("App/App.csproj"),
            configFilePaths: [config, "/home/someone/.nuget/NuGet/NuGet.Config"],
            sources: [feed, AssetsFile.RemoteSource]);

        var assets = ProjectAssets.Read(assetsPath);

        CollectionAssert.AreEqual(new[] { config, "/home/someone/.nuget/NuGet/NuGet.Config" }, assets.ConfigFilePaths.ToArray());
        CollectionAssert.AreEqual(new[] { feed, AssetsFile.RemoteSource }, assets.Sources.ToArray());
    }

    [TestMethod]
    public void Read_RestoreWithoutConfigsSourcesOrLibraries_GivesEmptyLists()
    {
        using var tree = new TempTree();
        string project = tree.WriteFile("App/App.csproj");
        string assetsPath = tree.WriteFile(
            "App/obj/project.assets.json",
            $$"""{ "version": 3, "project": { "restore": { "projectPath": {{System.Text.Json.JsonSerializer.Serialize(project)}} } } }""");

        var assets = ProjectAssets.Read(assetsPath);

        Assert.IsEmpty(assets.ReferencedProjectPaths);
        Assert.IsEmpty(assets.ConfigFilePaths);
        Assert.IsEmpty(assets.Sources);
    }

    [TestMethod]
    public void Read_MissingFile_ThrowsAssetsFileMissingWithThePath()
    {
        using var tree = new TempTree();
        string missing = tree.FullPath("App/obj/project.assets.json");

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => ProjectAssets.Read(missing));

        Assert.AreEqual("AssetsFileMissing", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { missing }, error.Arguments);
    }
}
