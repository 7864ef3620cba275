using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Tests.Engine.BuildKit;

[TestClass]
public sealed class BuildProgressSummaryTests
{
    [TestMethod]
    [DataRow("[restore 7/7] RUN dotnet restore App.csproj", "restore")]
    [DataRow("[linux/amd64 publish 2/2] RUN dotnet publish", "publish")]
    [DataRow("[runtime-with-publish 1/1] COPY --from=publish /app/publish .", "runtime-with-publish")]
    [DataRow("[2/3] COPY . .", null)]
    [DataRow("[internal] load remote build context", null)]
    [DataRow("exporting to image", null)]
    public void StageOf_IsTheWordBeforeTheStepNumber(string name, string? stage) =>
        Assert.AreEqual(stage, BuildStepNames.StageOf(name));

    [TestMethod]
    public void StageCached_EveryStepOfTheStageFromTheCache_OtherStagesDoNotCount()
    {
        var summary = new BuildProgressSummary(
        [
            Step(1, "[restore 1/3] FROM docker.io/library/sdk:10.0", cached: false),
            Step(2, "[restore 2/3] COPY [App.csproj, ./]", cached: true),
            Step(3, "[restore 3/3] RUN dotnet restore", cached: true),
            Step(4, "[publish 2/2] RUN dotnet publish", cached: false),
        ]);

        Assert.IsTrue(summary.StageCached("restore"), "a FROM step resolves the base image on every build and does not count");
        Assert.IsFalse(summary.StageCached("publish"));
    }

    [TestMethod]
    public void StageCached_OneStepRan_IsFalse()
    {
        var summary = new BuildProgressSummary(
        [
            Step(2, "[restore 2/3] COPY [App.csproj, ./]", cached: false),
            Step(3, "[restore 3/3] RUN dotnet restore", cached: false),
        ]);

        Assert.IsFalse(summary.StageCached("restore"));
    }

    [TestMethod]
    public void StageCached_StageNotInTheBuild_IsFalse()
    {
        var summary = new BuildProgressSummary([Step(4, "[runtime-with-host-publish 1/1] COPY .containerstages/publish/ .", cached: false)]);

        Assert.IsFalse(summary.StageCached("restore"), "a stage the build did not show cannot be known to be unchanged");
    }

    private static BuildStepRecord Step(int number, string name, bool cached) =>
        new(number, name, IsDockerfileStep: true, Completed: true, Cached: cached, Duration: null, Error: null);
}
