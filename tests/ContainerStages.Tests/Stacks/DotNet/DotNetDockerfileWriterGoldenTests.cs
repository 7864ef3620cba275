using ContainerStages.Dockerfile;
using ContainerStages.Stacks.DotNet;
using ContainerStages.Tests.Dockerfile;

namespace ContainerStages.Tests.Stacks.DotNet;

/// <summary>
/// The generated Dockerfiles, compared byte for byte with the reviewed files in Golden/.
/// Set CONTAINERSTAGES_UPDATE_GOLDEN=1 to rewrite them in the source tree after an intended change.
/// </summary>
[TestClass]
public sealed class DotNetDockerfileWriterGoldenTests
{
    [TestMethod]
    public void Write_WebApiWithDefaultImages_MatchesGolden() =>
        GoldenFile.AssertMatches("WebApi.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.WebApi));

    [TestMethod]
    public void Write_ConsoleAppInContextRoot_MatchesGolden() =>
        GoldenFile.AssertMatches("ConsoleApp.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.ConsoleApp));

    [TestMethod]
    public void Write_SolutionWithLibraryBuildFilesAndLocalFeed_MatchesGolden() =>
        GoldenFile.AssertMatches("Solution.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.Solution));

    [TestMethod]
    public void Write_StandaloneBlazorWebAssemblyApp_MatchesGolden() =>
        GoldenFile.AssertMatches("BlazorWasm.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.BlazorWasm));

    [TestMethod]
    public void Write_TestsOnMicrosoftTestingPlatform_MatchesGolden() =>
        GoldenFile.AssertMatches("TestingPlatform.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.TestingPlatform));

    [TestMethod]
    public void Write_WebApiWithTests_MatchesGolden() =>
        GoldenFile.AssertMatches("WithTests.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.WithTests));

    [TestMethod]
    public void Write_SelfContainedConsoleApp_MatchesGolden() =>
        GoldenFile.AssertMatches("SelfContained.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.SelfContained));

    [TestMethod]
    public void Write_NativeAotConsoleApp_MatchesGolden() =>
        GoldenFile.AssertMatches("NativeAot.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.NativeAot));

    [TestMethod]
    public void Write_AlpineFamilyWebApp_MatchesGolden() =>
        GoldenFile.AssertMatches("Alpine.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.Alpine));

    [TestMethod]
    public void Write_GeneratedLabels_MatchesGolden() =>
        GoldenFile.AssertMatches("Labeled.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.Labeled));

    [TestMethod]
    public void Write_PortsEnvironmentLabelsUserAndWorkingDirectory_MatchesGolden() =>
        GoldenFile.AssertMatches("RuntimeMetadata.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.RuntimeMetadata));

    [TestMethod]
    public void Write_MultiTargetedProjectWithChosenFramework_MatchesGolden() =>
        GoldenFile.AssertMatches("MultiTargeted.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.MultiTargeted));

    [TestMethod]
    public void Write_PathsWithSpacesQuotesAndDollars_MatchesGolden() =>
        GoldenFile.AssertMatches("SpecialPaths.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.SpecialPaths));

    [TestMethod]
    public void Write_OsPackagesWritablePathsAndHealthCheck_MatchesGolden() =>
        GoldenFile.AssertMatches("RuntimeShape.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.RuntimeShape));

    [TestMethod]
    public void Write_AlpineAppCommandArgumentsAndShellHealthCheck_MatchesGolden() =>
        GoldenFile.AssertMatches("AppCommand.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.AppCommand));

    [TestMethod]
    public void Write_UnknownBaseDetectsItsPackageManager_MatchesGolden() =>
        GoldenFile.AssertMatches("UnknownBase.Dockerfile", DotNetDockerfileWriter.Write(GoldenSpecs.UnknownBase));

    [TestMethod]
    public void GoldenFolder_HoldsOnlyFilesThatATestWrites()
    {
        string folder = Path.GetDirectoryName(GoldenFile.SourcePath("x"))!;
        var expected = GoldenSpecs.All.Select(s => s.Name + ".Dockerfile").Order(StringComparer.Ordinal).ToArray();
        var present = Directory.GetFiles(folder, "*.Dockerfile").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();

        CollectionAssert.AreEqual(expected, present, "A golden file without a spec is never checked; delete it or add its test.");
    }
}
