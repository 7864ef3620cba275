using ContainerStages.ProjectModel;

namespace ContainerStages.Tests.ProjectModel;

/// <summary>The build context and the files of the restore layer, from fake project.assets.json files in temp trees.</summary>
[TestClass]
public sealed class RestoreInputCollectorTests
{
    private const string ChainingProps =
        """
        <Project>
          <Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))" />
        </Project>
        """;

    private static RestoreInputs Collect(string assetsPath, string? contextOverride = null, string? sdkRoot = null) =>
        RestoreInputCollector.Collect(ProjectAssets.Read(assetsPath), contextOverride, sdkRoot);

    private static string NuGetConfig(params string[] sourceValues) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n"
        + string.Concat(sourceValues.Select((v, i) => $"    <add key=\"source{i}\" value=\"{v}\" />\n"))
        + "  </packageSources>\n</configuration>\n";

    [TestMethod]
    public void Collect_SingleProject_ContextIsTheProjectFolder()
    {
        using var tree = new TempTree();
        string assets = AssetsFile.Write(tree.WriteFile("src/App/App.csproj"));

        var inputs = Collect(assets);

        Assert.AreEqual(tree.FullPath("src/App"), inputs.ContextDirectory);
        CollectionAssert.AreEqual(new[] { "App.csproj" }, inputs.Files.ToArray());
        Assert.IsEmpty(inputs.LocalPackageFeeds);
    }

    [TestMethod]
    public void Collect_ExplicitImports_AreRestoreInputsAndWidenTheContext()
    {
        using var tree = new TempTree();
        tree.WriteFile("build/common.props", "<Project><Import Project=\"versions.props\" /></Project>");
        tree.WriteFile("build/versions.props", "<Project />");
        tree.WriteFile("src/App/local.targets", "<Project />");
        tree.WriteFile("src/Directory.Build.props", "<Project><Import Project=\"$(MSBuildThisFileDirectory)../build/common.props\" /></Project>");
        string assets = AssetsFile.Write(tree.WriteFile("src/App/App.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\"><Import Project=\"local.targets\" Condition=\"true\" /></Project>"));

        var inputs = Collect(assets);

        Assert.AreEqual(tree.Root, inputs.ContextDirectory);
        CollectionAssert.AreEqual(
            new[] { "build/common.props", "build/versions.props", "src/App/App.csproj", "src/App/local.targets", "src/Directory.Build.props" },
            inputs.Files.ToArray());
    }

    [TestMethod]
    public void Collect_ImportsThatNeedEvaluation_AreLeftToTheChainOrSkipped()
    {
        using var tree = new TempTree();
        tree.WriteFile("Directory.Build.props", "<Project />");
        tree.WriteFile("src/Directory.Build.props",
            "<Project><Import Project=\"$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))\" />"
            + "<Import Project=\"$(SomeRoot)/x.props\" /><Import Project=\"*.props\" /><Import Project=\"missing.props\" /><Import Sdk=\"Microsoft.NET.Sdk\" Project=\"Sdk.props\" /></Project>");
        string assets = AssetsFile.Write(tree.WriteFile("src/App/App.csproj"));

        var inputs = Collect(assets);

        CollectionAssert.AreEqual(new[] { "Directory.Build.props", "src/App/App.csproj", "src/Directory.Build.props" }, inputs.Files.ToArray());
    }

    [TestMethod]
    public void Collect_ProjectReference_ContextIsTheSmallestCommonFolder()
    {
        using var tree = new TempTree();
        tree.WriteFile("src/Lib/Lib.csproj");
        string assets = AssetsFile.Write(tree.WriteFile("src/App/App.csproj"), projectReferences: ["../Lib/Lib.csproj"]);

        var inputs = Collect(assets);

        Assert.AreEqual(tree.FullPath("src"), inputs.ContextDirectory);
        CollectionAssert.AreEqual(new[] { "App/App.csproj", "Lib/Lib.csproj" }, inputs.Files.ToArray());
    }

    [TestMethod]
    public void Collect_ReferenceInAnotherTopFolder_ContextIsTheirCommonRoot()
    {
        using var tree = new TempTree();
        tree.WriteFile("libs/Common/Common.csproj");
        string assets = AssetsFile.Write(tree.WriteFile("apps/Web/Web.csproj"), projectReferences: ["../../libs/Common/Common.csproj"]);

        var inputs = Collect(assets);

        Assert.AreEqual(tree.Root, inputs.ContextDirectory);
        CollectionAssert.AreEqual(new[] { "apps/Web/Web.csproj", "libs/Common/Common.csproj" }, inputs.Files.ToArray());
    }

    [TestMethod]
    public void Collect_DirectoryBuildPropsWithoutChain_TakesOnlyTheNearest()
    {
        using var tree = new TempTree();
        tree.WriteFile("Directory.Build.props", "<Project />");
        tree.WriteFile("src/Directory.Build.props", "<Project />");
        string assets = AssetsFile.Write(tree.WriteFile("src/App/App.csproj"));

        var inputs = Collect(assets);

        // The root one is not imported, so it neither joins the restore layer nor widens the context.
        Assert.AreEqual(tree.FullPath("src"), inputs.ContextDirectory);
        CollectionAssert.AreEqual(new[] { "App/App.csproj", "Directory.Build.props" }, inputs.Files.ToArray());
    }

    [TestMethod]
    public void Collect_DirectoryBuildPropsChainedWithGetPathOfFileAbove_TakesBoth()
    {
        using var tree = new TempTree();
        tree.WriteFile("Directory.Build.props", "<Project />");
        tree.WriteFile("src/Directory.Build.props", ChainingProps);
        string assets = AssetsFile.Write(tree.WriteFile("src/App/App.csproj"));

        var inputs = Collect(assets);

        Assert.AreEqual(tree.Root, inputs.ContextDirectory);
        CollectionAssert.AreEqual(new[] { "Directory.Build.props", "src/App/App.csproj", "src/Directory.Build.props" }, inputs.Files.ToArray());
    }

    [TestMethod]
    public void Collect_ChainWithGetDirectoryNameOfFileAbove_AlsoChains()
    {
        using var tree = new TempTree();
        tree.WriteFile("Directory.Build.props", "<Project />");
        tree.WriteFile(
            "src/Directory.Build.props",
            "<Project><Import Project=\"$([MSBuild]::GetDirectoryNameOfFileAbove($(MSBuildThisFileDirectory)..,Directory.Build.props))/Directory.Build.props\" /></Project>");
        string assets = AssetsFile.Write(tree.WriteFile("src/App/App.csproj"));

        CollectionAssert.Contains(Collect(assets).Files.ToArray(), "Directory.Build.props");
    }

    [TestMethod]
    public void Collect_DirectoryBuildTargetsAndPackagesProps_AreFoundUpward()
    {
        using var tree = new TempTree();
        tree.WriteFile("Directory.Packages.props", "<Project />");
        tree.WriteFile("Directory.Build.targets", "<Project />");
        tree.WriteFile("src/Directory.Packages.props", "<Project />");
        string assets = AssetsFile.Write(tree.WriteFile("src/App/App.csproj"));

        var inputs = Collect(assets);

        Assert.AreEqual(tree.Root, inputs.ContextDirectory);
        CollectionAssert.AreEqual(new[] { "Directory.Build.targets", "src/App/App.csproj", "src/Directory.Packages.props" }, inputs.Files.ToArray());
    }

    [TestMethod]
    public void Collect_GlobalJson_TakesOnlyTheNearest()
    {
        using var tree = new TempTree();
        tree.WriteFile("global.json", "{}");
        tree.WriteFile("src/global.json", "{}");
        string assets = AssetsFile.Write(tree.WriteFile("src/App/App.csproj"));

        var inputs = Collect(assets);

        Assert.AreEqual(tree.FullPath("src"), inputs.ContextDirectory);
        CollectionAssert.AreEqual(new[] { "App/App.csproj", "global.json" }, inputs.Files.ToArray());
    }

    [TestMethod]
    public void Collect_PackagesLockFileNextToAProject_IsARestoreInput()
    {
        using var tree = new TempTree();
        tree.WriteFile("src/App/packages.lock.json", "{}");
        tree.WriteFile("src/Lib/packages.lock.json", "{}");
        tree.WriteFile("src/Lib/Lib.csproj");
        string assets = AssetsFile.Write(tree.WriteFile("src/App/App.csproj"), projectReferences: ["../Lib/Lib.csproj"]);

        CollectionAssert.AreEqual(
            new[] { "App/App.csproj", "App/packages.lock.json", "Lib/Lib.csproj", "Lib/packages.lock.json" },
            Collect(assets).Files.ToArray());
    }

    [TestMethod]
    public void Collect_NuGetConfigOnTheProjectsFolderChain_IsARestoreInput()
    {
        using var tree = new TempTree();
        string config = tree.WriteFile("NuGet.config", NuGetConfig("https://example.invalid/v3/index.json"));
        string assets = AssetsFile.Write(tree.WriteFile("src/App/App.csproj"), configFilePaths: [config]);

        var inputs = Collect(assets);

        Assert.AreEqual(tree.Root, inputs.ContextDirectory);
        CollectionAssert.AreEqual(new[] { "NuGet.config", "src/App/App.csproj" }, inputs.Files.ToArray());
    }

    [TestMethod]
    public void Collect_UserAndMachineConfigsElsewhere_AreIgnored()
    {
        using var tree = new TempTree();
        string user = tree.WriteFile("home/me/.nuget/NuGet/NuGet.Config", NuGetConfig("/home/me/private-feed"));
        string sibling = tree.WriteFile("repo/other/NuGet.config", NuGetConfig("https://example.invalid/v3/index.json"));
        string assets = AssetsFile.Write(tree.WriteFile("repo/src/App/App.csproj"), configFilePaths: [user, sibling]);

        var inputs = Collect(assets);

        Assert.AreEqual(tree.FullPath("repo/src/App"), inputs.ContextDirectory);
        CollectionAssert.AreEqual(new[] { "App.csproj" }, inputs.Files.ToArray());
    }

    [TestMethod]
    public void Collect_ConfigOnTheChainOfAReferencedProjectOnly_IsARestoreInput()
    {
        using var tree = new TempTree();
        string config = tree.WriteFile("libs/NuGet.config", NuGetConfig("https://example.invalid/v3/index.json"));
        tree.WriteFile("libs/Lib/Lib.csproj");
        string assets = AssetsFile.Write(tree.WriteFile("app/App.csproj"), projectReferences: ["../libs/Lib/Lib.csproj"], configFilePaths: [config]);

        CollectionAssert.AreEqual(new[] { "app/App.csproj", "libs/Lib/Lib.csproj", "libs/NuGet.config" }, Collect(assets).Files.ToArray());
    }

    [TestMethod]
    public void Collect_LocalFeedInsideTheContext_IsListedRelativeWithSlashes()
    {
        using var tree = new TempTree();
        string feed = tree.CreateFolder("packages/local");
        string config = tree.WriteFile("NuGet.config", NuGetConfig("packages/local", AssetsFile.RemoteSource));
        string assets = AssetsFile.Write(
            tree.WriteFile("src/App/App.csproj"),
            configFilePaths: [config],
            sources: [feed + Path.DirectorySeparatorChar, AssetsFile.RemoteSource]);

        var inputs = Collect(assets);

        Assert.AreEqual(tree.Root, inputs.ContextDirectory);
        CollectionAssert.AreEqual(new[] { "packages/local" }, inputs.LocalPackageFeeds.ToArray());
    }

    [TestMethod]
    public void Collect_HttpAndHttpsSources_AreNotFeedsToCopy()
    {
        using var tree = new TempTree();
        string assets = AssetsFile.Write(
            tree.WriteFile("App/App.csproj"),
            sources: ["https://api.nuget.org/v3/index.json", "http://intranet.invalid/nuget"]);

        Assert.IsEmpty(Collect(assets).LocalPackageFeeds);
    }

    [TestMethod]
    public void Collect_LocalFeedOutsideTheContext_ThrowsLocalSourceOutsideContext()
    {
        using var tree = new TempTree();
        string feed = tree.CreateFolder("elsewhere/feed");
        string assets = AssetsFile.Write(tree.WriteFile("repo/App/App.csproj"), sources: [feed, AssetsFile.RemoteSource]);

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => Collect(assets));

        Assert.AreEqual("LocalSourceOutsideContext", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { feed, tree.FullPath("repo/App") }, error.Arguments);
    }

    [TestMethod]
    public void Collect_AbsoluteLocalSourceInAnInContextNuGetConfig_ThrowsAbsoluteLocalSource()
    {
        using var tree = new TempTree();
        string feed = tree.CreateFolder("feed");
        string config = tree.WriteFile("NuGet.config", NuGetConfig(feed));
        string assets = AssetsFile.Write(tree.WriteFile("src/App/App.csproj"), configFilePaths: [config], sources: [feed]);

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => Collect(assets));

        Assert.AreEqual("AbsoluteLocalSource", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { config, feed }, error.Arguments);
        Assert.AreEqual(config, error.File);
    }

    [TestMethod]
    public void Collect_AbsoluteSourceInAUserConfig_IsNotTheProjectsConcern()
    {
        using var tree = new TempTree();
        string feed = tree.CreateFolder("repo/feed");
        string user = tree.WriteFile("home/.nuget/NuGet/NuGet.Config", NuGetConfig(feed));
        string assets = AssetsFile.Write(tree.WriteFile("repo/App/App.csproj"), configFilePaths: [user], sources: [feed], projectReferences: []);

        var inputs = Collect(assets, contextOverride: tree.FullPath("repo"));

        CollectionAssert.AreEqual(new[] { "feed" }, inputs.LocalPackageFeeds.ToArray());
    }

    [TestMethod]
    public void Collect_MalformedInContextNuGetConfig_IsLeftToNuGet()
    {
        using var tree = new TempTree();
        string config = tree.WriteFile("NuGet.config", "<configuration><packageSources>");
        string assets = AssetsFile.Write(tree.WriteFile("App/App.csproj"), configFilePaths: [config]);

        CollectionAssert.Contains(Collect(assets).Files.ToArray(), "NuGet.config");
    }

    [TestMethod]
    public void Collect_SourceUnderTheSdkRoot_IsIgnored()
    {
        using var tree = new TempTree();
        string sdkRoot = tree.CreateFolder("dotnet");
        string libraryPacks = tree.CreateFolder("dotnet/library-packs");
        string assets = AssetsFile.Write(tree.WriteFile("repo/App/App.csproj"), sources: [libraryPacks, AssetsFile.RemoteSource]);

        var inputs = Collect(assets, sdkRoot: sdkRoot + Path.DirectorySeparatorChar);

        Assert.IsEmpty(inputs.LocalPackageFeeds);
        Assert.AreEqual(tree.FullPath("repo/App"), inputs.ContextDirectory);
    }

    [TestMethod]
    public void Collect_SdkSourceWithoutKnownSdkRoot_IsAFeedOutsideTheContext()
    {
        using var tree = new TempTree();
        string libraryPacks = tree.CreateFolder("dotnet/library-packs");
        string assets = AssetsFile.Write(tree.WriteFile("repo/App/App.csproj"), sources: [libraryPacks]);

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => Collect(assets, sdkRoot: null));

        Assert.AreEqual("LocalSourceOutsideContext", error.ResourceName);
    }

    [TestMethod]
    public void Collect_ContextOverrideHoldingTheProject_IsUsedAndFilesAreRelativeToIt()
    {
        using var tree = new TempTree();
        string assets = AssetsFile.Write(tree.WriteFile("repo/src/App/App.csproj"));

        var inputs = Collect(assets, contextOverride: tree.FullPath("repo") + Path.DirectorySeparatorChar);

        Assert.AreEqual(tree.FullPath("repo"), inputs.ContextDirectory);
        CollectionAssert.AreEqual(new[] { "src/App/App.csproj" }, inputs.Files.ToArray());
    }

    [TestMethod]
    public void Collect_ContextOverrideNotHoldingTheProject_ThrowsFileOutsideContext()
    {
        using var tree = new TempTree();
        string project = tree.WriteFile("repo/src/App/App.csproj");
        string other = tree.CreateFolder("repo/docs");
        string assets = AssetsFile.Write(project);

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => Collect(assets, contextOverride: other));

        Assert.AreEqual("FileOutsideContext", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { project, other }, error.Arguments);
    }

    [TestMethod]
    public void Collect_ContextOverrideBelowAReferencedProject_ThrowsFileOutsideContext()
    {
        using var tree = new TempTree();
        string lib = tree.WriteFile("repo/libs/Lib/Lib.csproj");
        string assets = AssetsFile.Write(tree.WriteFile("repo/src/App/App.csproj"), projectReferences: ["../../libs/Lib/Lib.csproj"]);

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => Collect(assets, contextOverride: tree.FullPath("repo/src")));

        Assert.AreEqual("FileOutsideContext", error.ResourceName);
        Assert.AreEqual(lib, error.Arguments[0]);
    }

    [TestMethod]
    public void Collect_SiblingFolderWithACommonPrefix_IsNotInsideTheContext()
    {
        // "repo-old" starts with "repo" but is not under it.
        using var tree = new TempTree();
        string feed = tree.CreateFolder("repo-old/feed");
        string assets = AssetsFile.Write(tree.WriteFile("repo/App.csproj"), sources: [feed]);

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => Collect(assets));

        Assert.AreEqual("LocalSourceOutsideContext", error.ResourceName);
    }

    [TestMethod]
    public void Collect_SolutionShape_GivesEveryRestoreInputAndTheFeed()
    {
        using var tree = new TempTree();
        tree.WriteFile("Directory.Build.props", "<Project />");
        tree.WriteFile("Directory.Packages.props", "<Project />");
        tree.WriteFile("global.json", "{}");
        string config = tree.WriteFile("NuGet.config", NuGetConfig("feed", AssetsFile.RemoteSource));
        string feed = tree.CreateFolder("feed");
        tree.WriteFile("src/Lib/Lib.csproj");
        tree.WriteFile("README.md", "not a restore input");
        string assets = AssetsFile.Write(
            tree.WriteFile("src/App/App.csproj"),
            projectReferences: ["../Lib/Lib.csproj"],
            configFilePaths: [config, "/home/someone/.nuget/NuGet/NuGet.Config"],
            sources: [feed, AssetsFile.RemoteSource]);

        var inputs = Collect(assets);

        Assert.AreEqual(tree.Root, inputs.ContextDirectory);
        CollectionAssert.AreEqual(
            new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "NuGet.config", "src/App/App.csproj", "src/Lib/Lib.csproj" },
            inputs.Files.OrderBy(f => f, StringComparer.OrdinalIgnoreCase).ToArray());
        CollectionAssert.AreEqual(new[] { "feed" }, inputs.LocalPackageFeeds.ToArray());
    }

    [TestMethod]
    [DataRow("a/b/c", "a", true)]
    [DataRow("a", "a", true)]
    [DataRow("a/..b", "a", true)]
    [DataRow("a-old/b", "a", false)]
    [DataRow("b", "a", false)]
    [DataRow("a", "a/b", false)]
    public void IsUnder_Paths_ComparesWholeFolderNames(string path, string directory, bool expected)
    {
        using var tree = new TempTree();

        Assert.AreEqual(expected, ContainerStages.Context.ContextPaths.IsUnder(tree.FullPath(path), tree.FullPath(directory)));
    }
}
