using ContainerStages.Planning;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Planning;

/// <summary>The plan kept in obj/ between the generation and the build target: made from a build plan, written and read back.</summary>
[TestClass]
public sealed class SavedBuildPlanTests
{
    private static BuildPlan Plan(string contextDirectory) => new()
    {
        Stack = "dotnet",
        ContextDirectory = contextDirectory,
        DockerfilePath = Path.Combine(contextDirectory, "src", "App", "Dockerfile"),
        GeneratedDockerfile = "FROM x AS runtime\n",
        Stages = ["restore", "build", "publish", "runtime"],
        Target = "publish",
        Repository = "myteam/app",
        Tags = ["1.0.0", "latest"],
        BaseImage = "mcr.microsoft.com/dotnet/aspnet:10.0",
        SdkImage = "mcr.microsoft.com/dotnet/sdk:10.0",
        RestoreInputFiles = ["NuGet.config", "src/App/App.csproj", "src/Lib/Lib.csproj"],
        BuildArgs = new Dictionary<string, string> { ["BUILD_CONFIGURATION"] = "Release", ["GREETING"] = "hello world" },
        Platform = "linux/arm64",
        CacheFrom = ["registry.example.com/myteam/app:cache", "myteam/app:latest"],
    };

    private static void AssertSame(SavedBuildPlan expected, SavedBuildPlan actual)
    {
        Assert.AreEqual(expected.ContextDirectory, actual.ContextDirectory);
        Assert.AreEqual(expected.DockerfilePath, actual.DockerfilePath);
        Assert.AreEqual(expected.Target, actual.Target);
        Assert.AreEqual(expected.Repository, actual.Repository);
        CollectionAssert.AreEqual(expected.ImageReferences.ToList(), actual.ImageReferences.ToList());
        Assert.AreEqual(expected.BaseImage, actual.BaseImage);
        Assert.AreEqual(expected.SdkImage, actual.SdkImage);
        CollectionAssert.AreEquivalent(expected.BuildArgs.ToList(), actual.BuildArgs.ToList());
        Assert.AreEqual(expected.Platform, actual.Platform);
        CollectionAssert.AreEqual(expected.CacheFrom.ToList(), actual.CacheFrom.ToList());
        CollectionAssert.AreEqual(expected.RestoreInputFiles.ToList(), actual.RestoreInputFiles.ToList());
        Assert.AreEqual(expected.DockerfileSha256, actual.DockerfileSha256);
    }

    [TestMethod]
    public void From_KeepsTheHashOfTheGeneratedDockerfile_OrOfTheUsersFile()
    {
        using var tree = new TempTree();
        var generated = Plan(tree.Root);
        string own = Path.Combine(tree.Root, "Dockerfile.own");
        File.WriteAllText(own, "FROM mine AS runtime\n");

        Assert.AreEqual(ContainerStages.Dockerfile.DockerfileHash.Of("FROM x AS runtime\n"u8.ToArray()), SavedBuildPlan.From(generated).DockerfileSha256);
        Assert.AreEqual(
            ContainerStages.Dockerfile.DockerfileHash.Of(File.ReadAllBytes(own)),
            SavedBuildPlan.From(generated with { GeneratedDockerfile = null, DockerfilePath = own }).DockerfileSha256);
    }

    [TestMethod]
    public void From_TakesTheFieldsAndTheImageReferences()
    {
        using var tree = new TempTree();
        var plan = Plan(tree.Root);

        var saved = SavedBuildPlan.From(plan);

        Assert.AreEqual(tree.Root, saved.ContextDirectory);
        Assert.AreEqual(plan.DockerfilePath, saved.DockerfilePath);
        Assert.AreEqual("publish", saved.Target);
        Assert.AreEqual("myteam/app", saved.Repository);
        CollectionAssert.AreEqual(new[] { "myteam/app:1.0.0", "myteam/app:latest" }, saved.ImageReferences.ToList());
        Assert.AreEqual("mcr.microsoft.com/dotnet/aspnet:10.0", saved.BaseImage);
        Assert.AreEqual("mcr.microsoft.com/dotnet/sdk:10.0", saved.SdkImage);
        Assert.AreEqual("Release", saved.BuildArgs["BUILD_CONFIGURATION"]);
        Assert.AreEqual("hello world", saved.BuildArgs["GREETING"]);
        Assert.AreEqual("linux/arm64", saved.Platform);
        CollectionAssert.AreEqual(new[] { "registry.example.com/myteam/app:cache", "myteam/app:latest" }, saved.CacheFrom.ToList());
    }

    [TestMethod]
    public void From_RestoreInputFiles_BecomeFullPathsInTheContext()
    {
        using var tree = new TempTree();

        var saved = SavedBuildPlan.From(Plan(tree.Root));

        CollectionAssert.AreEqual(
            new[] { tree.FullPath("NuGet.config"), tree.FullPath("src/App/App.csproj"), tree.FullPath("src/Lib/Lib.csproj") },
            saved.RestoreInputFiles.ToList());
        Assert.IsTrue(saved.RestoreInputFiles.All(Path.IsPathFullyQualified));
    }

    [TestMethod]
    public void From_NoRestoreInputFiles_GivesAnEmptyList()
    {
        using var tree = new TempTree();

        var saved = SavedBuildPlan.From(Plan(tree.Root) with { RestoreInputFiles = [] });

        Assert.IsEmpty(saved.RestoreInputFiles);
    }

    [TestMethod]
    public void WriteThenRead_GivesEveryFieldBack()
    {
        using var tree = new TempTree();
        var saved = SavedBuildPlan.From(Plan(tree.Root));
        string path = tree.FullPath("obj/Release/ContainerStages.plan.json");

        saved.Write(path);
        var read = SavedBuildPlan.Read(path);

        AssertSame(saved, read);
    }

    [TestMethod]
    public void WriteThenRead_PathsWithSpacesQuotesAndNonAscii_SurviveTheRoundTrip()
    {
        using var tree = new TempTree();
        string context = tree.CreateFolder("my \"odd\" Ünïcode folder");
        var saved = SavedBuildPlan.From(Plan(context) with { RestoreInputFiles = ["src/Café App/Café App.csproj"] });
        string path = tree.FullPath("obj/plan.json");

        saved.Write(path);
        var read = SavedBuildPlan.Read(path);

        AssertSame(saved, read);
        Assert.AreEqual(Path.Combine(context, "src", "Café App", "Café App.csproj"), read.RestoreInputFiles.Single());
    }

    [TestMethod]
    public void WriteThenRead_NoBuildArgsPlatformOrCacheFrom_GivesThemBackEmpty()
    {
        using var tree = new TempTree();
        var saved = SavedBuildPlan.From(Plan(tree.Root) with { BuildArgs = new Dictionary<string, string>(), Platform = null, CacheFrom = [] });
        string path = tree.FullPath("obj/plan.json");

        saved.Write(path);
        var read = SavedBuildPlan.Read(path);

        AssertSame(saved, read);
        Assert.IsNull(read.Platform);
        Assert.IsEmpty(read.BuildArgs);
        Assert.IsEmpty(read.CacheFrom);
    }

    [TestMethod]
    public void Write_CreatesTheFolder_AndEndsWithANewline()
    {
        using var tree = new TempTree();
        string path = tree.FullPath("obj/a/b/plan.json");

        SavedBuildPlan.From(Plan(tree.Root)).Write(path);

        Assert.IsTrue(File.Exists(path));
        Assert.EndsWith("}\n", File.ReadAllText(path));
    }

    [TestMethod]
    public void WriteTwice_SameContent_LeavesTheFileAndItsTimestamp()
    {
        using var tree = new TempTree();
        var saved = SavedBuildPlan.From(Plan(tree.Root));
        string path = tree.FullPath("obj/plan.json");
        saved.Write(path);
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);

        SavedBuildPlan.From(Plan(tree.Root)).Write(path);

        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(path));
    }

    [TestMethod]
    public void Write_DifferentContent_RewritesTheFile()
    {
        using var tree = new TempTree();
        string path = tree.FullPath("obj/plan.json");
        SavedBuildPlan.From(Plan(tree.Root)).Write(path);
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);

        SavedBuildPlan.From(Plan(tree.Root) with { Target = "runtime" }).Write(path);

        Assert.AreNotEqual(stamp, File.GetLastWriteTimeUtc(path));
        Assert.AreEqual("runtime", SavedBuildPlan.Read(path).Target);
    }

    [TestMethod]
    public void Read_NullJson_ThrowsInvalidDataNamingTheFile()
    {
        using var tree = new TempTree();
        string path = tree.WriteFile("obj/plan.json", "null");

        var error = Assert.ThrowsExactly<InvalidDataException>(() => SavedBuildPlan.Read(path));

        Assert.Contains(path, error.Message);
    }

    [TestMethod]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        using var tree = new TempTree();

        Assert.ThrowsExactly<FileNotFoundException>(() => SavedBuildPlan.Read(tree.FullPath("plan.json")));
    }
}
