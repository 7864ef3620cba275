using ContainerStages.ProjectModel;

namespace ContainerStages.Tests.ProjectModel;

/// <summary>Which test projects of a solution <see cref="TestProjectFinder"/> gives an app.</summary>
[TestClass]
public sealed class TestProjectFinderTests
{
    private const string TestPackage = "<PackageReference Include=\"xunit.v3\" />";

    private static string Project(TempTree tree, string path, string sdk = "Microsoft.NET.Sdk", string items = "", string properties = "") =>
        tree.WriteFile(path, $"<Project Sdk=\"{sdk}\"><PropertyGroup>{properties}</PropertyGroup><ItemGroup>{items}</ItemGroup></Project>");

    private static string Reference(string path) => $"<ProjectReference Include=\"{path}\" />";

    /// <summary>
    /// src/Api (web) over src/Application over src/Domain; src/Worker (exe) over src/Domain too.
    /// Tests: Domain.Tests (Domain), Application.Tests (Application), Api.Tests (Api), Worker.Tests (Worker),
    /// Integration.Tests (Api and, on its own, nothing else).
    /// </summary>
    private static string CleanArchitecture(TempTree tree)
    {
        Project(tree, "src/Domain/Domain.csproj");
        Project(tree, "src/Application/Application.csproj", items: Reference("..\\Domain\\Domain.csproj"));
        Project(tree, "src/Api/Api.csproj", "Microsoft.NET.Sdk.Web", Reference("../Application/Application.csproj"));
        Project(tree, "src/Worker/Worker.csproj", items: Reference("../Domain/Domain.csproj"), properties: "<OutputType>Exe</OutputType>");
        Project(tree, "tests/Domain.Tests/Domain.Tests.csproj", items: TestPackage + Reference("../../src/Domain/Domain.csproj"), properties: "<OutputType>Exe</OutputType>");
        Project(tree, "tests/Application.Tests/Application.Tests.csproj", items: "<PackageReference Include=\"NUnit\" />" + Reference("../../src/Application/Application.csproj"));
        Project(tree, "tests/Api.Tests/Api.Tests.csproj", items: "<PackageReference Include=\"MSTest\" />" + Reference("../../src/Api/Api.csproj"));
        Project(tree, "tests/Worker.Tests/Worker.Tests.csproj", items: "<PackageReference Include=\"Microsoft.NET.Test.Sdk\" />" + Reference("../../src/Worker/Worker.csproj"));
        return tree.WriteFile("Shop.sln", string.Join("\n", new[]
        {
            "src/Domain/Domain.csproj", "src/Application/Application.csproj", "src/Api/Api.csproj", "src/Worker/Worker.csproj",
            "tests/Domain.Tests/Domain.Tests.csproj", "tests/Application.Tests/Application.Tests.csproj", "tests/Api.Tests/Api.Tests.csproj", "tests/Worker.Tests/Worker.Tests.csproj",
        }.Select((p, i) => $"Project(\"{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}\") = \"P{i}\", \"{p.Replace('/', '\\')}\", \"{{{Guid.NewGuid()}}}\"\nEndProject")));
    }

    [TestMethod]
    public void Find_AppOverLibraries_FindsTheTestsOfEveryProjectOfItsGraph()
    {
        using var tree = new TempTree();
        string solution = CleanArchitecture(tree);

        var found = TestProjectFinder.Find(tree.FullPath("src/Api/Api.csproj"), solution);

        CollectionAssert.AreEqual(
            new[] { tree.FullPath("tests/Api.Tests/Api.Tests.csproj"), tree.FullPath("tests/Application.Tests/Application.Tests.csproj"), tree.FullPath("tests/Domain.Tests/Domain.Tests.csproj") },
            found.ToArray());
    }

    [TestMethod]
    public void Find_SecondAppSharingALibrary_TakesTestsThatReachItThroughLibrariesButNotThroughTheOtherApp()
    {
        using var tree = new TempTree();
        string solution = CleanArchitecture(tree);

        var found = TestProjectFinder.Find(tree.FullPath("src/Worker/Worker.csproj"), solution);

        // Application.Tests reaches Domain through the Application library: a Domain change can break it.
        CollectionAssert.AreEqual(
            new[] { tree.FullPath("tests/Application.Tests/Application.Tests.csproj"), tree.FullPath("tests/Domain.Tests/Domain.Tests.csproj"), tree.FullPath("tests/Worker.Tests/Worker.Tests.csproj") },
            found.ToArray());
    }

    [TestMethod]
    public void Find_NoSolution_FindsNothing()
    {
        using var tree = new TempTree();
        Project(tree, "src/Api/Api.csproj", "Microsoft.NET.Sdk.Web");
        Directory.CreateDirectory(tree.FullPath(".git"));

        Assert.IsEmpty(TestProjectFinder.Find(tree.FullPath("src/Api/Api.csproj"), null));
    }

    [TestMethod]
    public void IsApplication_ProjectShapes_AsTheirFilesSay()
    {
        using var tree = new TempTree();
        Assert.IsTrue(ProjectFileReader.IsApplication(Project(tree, "a.csproj", "Microsoft.NET.Sdk.Web")));
        Assert.IsTrue(ProjectFileReader.IsApplication(Project(tree, "b.csproj", "Microsoft.NET.Sdk.Worker")));
        Assert.IsTrue(ProjectFileReader.IsApplication(Project(tree, "c.csproj", properties: "<OutputType>WinExe</OutputType>")));
        Assert.IsFalse(ProjectFileReader.IsApplication(Project(tree, "d.csproj", "Microsoft.NET.Sdk.Web", properties: "<OutputType>Library</OutputType>")));
        Assert.IsFalse(ProjectFileReader.IsApplication(Project(tree, "e.csproj")));
        Assert.IsFalse(ProjectFileReader.IsApplication(Project(tree, "f.csproj", items: TestPackage, properties: "<OutputType>Exe</OutputType>")), "A test project is no application.");
    }

    [TestMethod]
    public void UsesTestingPlatform_GlobalJsonTestRunner_IsReadFromTheNearestGlobalJson()
    {
        using var tree = new TempTree();
        tree.WriteFile("global.json", "{ // comment\n \"sdk\": { \"version\": \"10.0.100\" }, \"test\": { \"runner\": \"Microsoft.Testing.Platform\" }, }");
        tree.WriteFile("legacy/global.json", "{ \"sdk\": { \"version\": \"10.0.100\" } }");

        Assert.IsTrue(TestRunnerChoice.UsesTestingPlatform(tree.CreateFolder("src/App")));
        Assert.IsFalse(TestRunnerChoice.UsesTestingPlatform(tree.CreateFolder("legacy/App")));
    }
}
