using ContainerStages.Planning;
using ContainerStages.Stacks.DotNet;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Planning;

/// <summary>The context a Dockerfile of the user's was written for (<see cref="VisualStudioContext"/>).</summary>
[TestClass]
public sealed class VisualStudioContextTests
{
    [TestMethod]
    public void Find_CopyLineNamesTheProjectFromTheSolutionFolder_IsTheSolutionFolder()
    {
        using var tree = new TempTree();
        string project = tree.WriteFile("Web/Web.csproj");

        string? context = VisualStudioContext.Find(tree.FullPath("Web/Dockerfile"), DockerfileChoiceTests.VisualStudioDockerfile, project, null, null);

        Assert.AreEqual(tree.Root, context);
    }

    [TestMethod]
    public void Find_PlainCopyLineTwoFoldersDown_IsTheFolderItNamesTheProjectFrom()
    {
        using var tree = new TempTree();
        string project = tree.WriteFile("src/Shop/Web/Web.csproj");

        string? context = VisualStudioContext.Find(tree.FullPath("src/Shop/Web/Dockerfile"), "FROM sdk AS build\nCOPY --chown=app ./src/Shop/Web/Web.csproj src/Shop/Web/\n", project, null, null);

        Assert.AreEqual(tree.Root, context);
    }

    [TestMethod]
    public void Find_DockerfileContextProperty_IsRelativeToTheDockerfilesFolderAndWins()
    {
        using var tree = new TempTree();
        string project = tree.WriteFile("src/Web/Web.csproj");

        string? context = VisualStudioContext.Find(tree.FullPath("src/Web/Dockerfile"), DockerfileChoiceTests.VisualStudioDockerfile, project, "..\\..", "Linux");

        Assert.AreEqual(tree.Root, context);
    }

    [TestMethod]
    public void Find_OnlyDockerDefaultTargetOs_IsTheFolderAboveTheDockerfile()
    {
        using var tree = new TempTree();
        string project = tree.WriteFile("Web/Web.csproj");

        string? context = VisualStudioContext.Find(tree.FullPath("Web/Dockerfile"), "FROM sdk AS build\nCOPY . .\n", project, null, "Linux");

        Assert.AreEqual(tree.Root, context);
    }

    [TestMethod]
    public void Find_NothingSaysSo_IsNull()
    {
        using var tree = new TempTree();
        string project = tree.WriteFile("Web/Web.csproj");

        Assert.IsNull(VisualStudioContext.Find(tree.FullPath("Web/Dockerfile"), "FROM sdk AS build\nCOPY *.csproj ./\nCOPY --from=build /out/Web.csproj .\nCOPY Other/Web.csproj x/\n", project, "", ""));
    }
}
