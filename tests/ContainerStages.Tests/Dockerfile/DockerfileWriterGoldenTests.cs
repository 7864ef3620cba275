using ContainerStages.Dockerfile;

namespace ContainerStages.Tests.Dockerfile;

/// <summary>
/// The generated Dockerfiles, compared byte for byte with the reviewed files in Golden/.
/// Set CONTAINERSTAGES_UPDATE_GOLDEN=1 to rewrite them in the source tree after an intended change.
/// </summary>
[TestClass]
public sealed class DockerfileWriterGoldenTests
{
    [TestMethod]
    public void Write_WebApiWithDefaultImages_MatchesGolden() =>
        GoldenFile.AssertMatches("WebApi.Dockerfile", DockerfileWriter.Write(GoldenSpecs.WebApi));

    [TestMethod]
    public void Write_ConsoleAppInContextRoot_MatchesGolden() =>
        GoldenFile.AssertMatches("ConsoleApp.Dockerfile", DockerfileWriter.Write(GoldenSpecs.ConsoleApp));

    [TestMethod]
    public void Write_SolutionWithLibraryBuildFilesAndLocalFeed_MatchesGolden() =>
        GoldenFile.AssertMatches("Solution.Dockerfile", DockerfileWriter.Write(GoldenSpecs.Solution));

    [TestMethod]
    public void Write_StandaloneBlazorWebAssemblyApp_MatchesGolden() =>
        GoldenFile.AssertMatches("BlazorWasm.Dockerfile", DockerfileWriter.Write(GoldenSpecs.BlazorWasm));

    [TestMethod]
    public void Write_TestsOnMicrosoftTestingPlatform_MatchesGolden() =>
        GoldenFile.AssertMatches("TestingPlatform.Dockerfile", DockerfileWriter.Write(GoldenSpecs.TestingPlatform));

    [TestMethod]
    public void Write_WebApiWithTests_MatchesGolden() =>
        GoldenFile.AssertMatches("WithTests.Dockerfile", DockerfileWriter.Write(GoldenSpecs.WithTests));

    [TestMethod]
    public void Write_SelfContainedConsoleApp_MatchesGolden() =>
        GoldenFile.AssertMatches("SelfContained.Dockerfile", DockerfileWriter.Write(GoldenSpecs.SelfContained));

    [TestMethod]
    public void Write_NativeAotConsoleApp_MatchesGolden() =>
        GoldenFile.AssertMatches("NativeAot.Dockerfile", DockerfileWriter.Write(GoldenSpecs.NativeAot));

    [TestMethod]
    public void Write_AlpineFamilyWebApp_MatchesGolden() =>
        GoldenFile.AssertMatches("Alpine.Dockerfile", DockerfileWriter.Write(GoldenSpecs.Alpine));

    [TestMethod]
    public void Write_GeneratedLabels_MatchesGolden() =>
        GoldenFile.AssertMatches("Labeled.Dockerfile", DockerfileWriter.Write(GoldenSpecs.Labeled));

    [TestMethod]
    public void Write_PortsEnvironmentLabelsUserAndWorkingDirectory_MatchesGolden() =>
        GoldenFile.AssertMatches("RuntimeMetadata.Dockerfile", DockerfileWriter.Write(GoldenSpecs.RuntimeMetadata));

    [TestMethod]
    public void Write_MultiTargetedProjectWithChosenFramework_MatchesGolden() =>
        GoldenFile.AssertMatches("MultiTargeted.Dockerfile", DockerfileWriter.Write(GoldenSpecs.MultiTargeted));

    [TestMethod]
    public void Write_PathsWithSpacesQuotesAndDollars_MatchesGolden() =>
        GoldenFile.AssertMatches("SpecialPaths.Dockerfile", DockerfileWriter.Write(GoldenSpecs.SpecialPaths));

    [TestMethod]
    public void Write_OsPackagesWritablePathsAndHealthCheck_MatchesGolden() =>
        GoldenFile.AssertMatches("RuntimeShape.Dockerfile", DockerfileWriter.Write(GoldenSpecs.RuntimeShape));

    [TestMethod]
    public void Write_AlpineAppCommandArgumentsAndShellHealthCheck_MatchesGolden() =>
        GoldenFile.AssertMatches("AppCommand.Dockerfile", DockerfileWriter.Write(GoldenSpecs.AppCommand));

    [TestMethod]
    public void Write_UnknownBaseDetectsItsPackageManager_MatchesGolden() =>
        GoldenFile.AssertMatches("UnknownBase.Dockerfile", DockerfileWriter.Write(GoldenSpecs.UnknownBase));

    [TestMethod]
    public void GoldenFolder_HoldsOnlyFilesThatATestWrites()
    {
        string folder = Path.GetDirectoryName(GoldenFile.SourcePath("x"))!;
        var expected = GoldenSpecs.All.Select(s => s.Name + ".Dockerfile").Order(StringComparer.Ordinal).ToArray();
        var present = Directory.GetFiles(folder, "*.Dockerfile").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();

        CollectionAssert.AreEqual(expected, present, "A golden file without a spec is never checked; delete it or add its test.");
    }
}
