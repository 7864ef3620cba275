using ContainerStages.ProjectModel;

namespace ContainerStages.Tests.ProjectModel;

[TestClass]
public sealed class ProjectChainTests
{
    private static bool IsChain(params (string Project, string[] References)[] graph) =>
        ProjectChain.IsChain(graph.ToDictionary(p => p.Project, p => (IReadOnlyList<string>)p.References, StringComparer.Ordinal));

    [TestMethod]
    public void IsChain_OneProject_IsNot_SoASingleProjectKeepsMSBuildsDefault() =>
        Assert.IsFalse(IsChain(("App", [])));

    [TestMethod]
    public void IsChain_AppOverLibrary_Is() =>
        Assert.IsTrue(IsChain(("App", ["Lib"]), ("Lib", [])));

    [TestMethod]
    public void IsChain_TransitiveChainWithShortcutReference_Is() =>
        // Tests -> App -> Data -> Core, and App also references Core directly.
        Assert.IsTrue(IsChain(("Tests", ["App"]), ("App", ["Data", "Core"]), ("Data", ["Core"]), ("Core", [])));

    [TestMethod]
    public void IsChain_TwoIndependentLibraries_IsNot() =>
        Assert.IsFalse(IsChain(("App", ["Core", "Data"]), ("Core", []), ("Data", [])));

    [TestMethod]
    public void IsChain_TwoTestProjectsOverOneApp_IsNot() =>
        Assert.IsFalse(IsChain(("Unit", ["App"]), ("Integration", ["App"]), ("App", [])));

    [TestMethod]
    public void IsChain_DiamondBelowTheApp_IsNot() =>
        Assert.IsFalse(IsChain(("App", ["Left", "Right"]), ("Left", ["Core"]), ("Right", ["Core"]), ("Core", [])));

    [TestMethod]
    public void IsChain_ReferenceToAProjectOutsideTheGraph_IsIgnored() =>
        // A reference whose file does not exist is not built, so it cannot run beside anything.
        Assert.IsTrue(IsChain(("App", ["Lib", "Missing"]), ("Lib", [])));

    [TestMethod]
    public void IsChain_ReadsTheProjectFiles()
    {
        using var tree = new TempTree();
        string app = tree.WriteFile("src/App/App.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><ProjectReference Include=\"..\\Data\\Data.csproj\" /></ItemGroup></Project>");
        tree.WriteFile("src/Data/Data.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><ProjectReference Include=\"../Core/Core.csproj\" /></ItemGroup></Project>");
        tree.WriteFile("src/Core/Core.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        string tests = tree.WriteFile("tests/App.Tests/App.Tests.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><ProjectReference Include=\"../../src/App/App.csproj\" /></ItemGroup></Project>");
        string other = tree.WriteFile("tests/Core.Tests/Core.Tests.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><ProjectReference Include=\"../../src/Core/Core.csproj\" /></ItemGroup></Project>");

        Assert.IsTrue(ProjectChain.IsChain([app]), "App -> Data -> Core");
        Assert.IsTrue(ProjectChain.IsChain([app, tests]), "App.Tests -> App -> Data -> Core");
        Assert.IsFalse(ProjectChain.IsChain([app, tests, other]), "Core.Tests can build beside Data and App");
    }
}
