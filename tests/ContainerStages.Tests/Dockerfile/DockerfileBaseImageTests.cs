using ContainerStages.Dockerfile;

namespace ContainerStages.Tests.Dockerfile;

/// <summary>The image a stage ultimately starts FROM, for the size report's base image.</summary>
[TestClass]
public sealed class DockerfileBaseImageTests
{
    private const string Generated = """
        FROM --platform=$BUILDPLATFORM sdk:10.0 AS restore
        RUN restore
        FROM restore AS build
        RUN build
        FROM build AS publish
        RUN publish
        FROM aspnet:10.0 AS runtime
        COPY --from=publish /app/publish .
        """;

    [TestMethod]
    [DataRow("runtime", "aspnet:10.0")]
    [DataRow("RUNTIME", "aspnet:10.0")]
    [DataRow("publish", "sdk:10.0")]
    [DataRow("build", "sdk:10.0")]
    [DataRow("restore", "sdk:10.0")]
    public void FindBaseImage_FollowsStagesToTheImage(string stage, string expected)
    {
        Assert.AreEqual(expected, DockerfileStageReader.FindBaseImage(Generated, stage));
    }

    [TestMethod]
    public void FindBaseImage_UnknownStage_IsNull()
    {
        Assert.IsNull(DockerfileStageReader.FindBaseImage(Generated, "missing"));
    }

    [TestMethod]
    public void FindBaseImage_ImageFromAGlobalArgument_IsItsValue()
    {
        const string Text = "ARG BASE=alpine\nARG NONE\nFROM $BASE AS final\nFROM ${NONE} AS other\nFROM final AS last\n";

        Assert.AreEqual("alpine", DockerfileStageReader.FindBaseImage(Text, "final"));
        Assert.AreEqual("debian", DockerfileStageReader.FindBaseImage(Text, "last", new Dictionary<string, string> { ["BASE"] = "debian" }));
        Assert.IsNull(DockerfileStageReader.FindBaseImage(Text, "other"), "A variable without a value: the build decides.");
    }

    [TestMethod]
    public void FindBaseImage_StageChosenByAnArgument_IsFollowed()
    {
        const string Text = "ARG WHICH=a\nFROM alpine AS a\nFROM debian AS b\nFROM ${WHICH} AS final\n";

        Assert.AreEqual("alpine", DockerfileStageReader.FindBaseImage(Text, "final"));
        Assert.AreEqual("debian", DockerfileStageReader.FindBaseImage(Text, "final", new Dictionary<string, string> { ["WHICH"] = "b" }));
    }

    [TestMethod]
    public void FindBaseImage_ImageNamedLikeALaterStage_IsTheImage()
    {
        // A FROM can only name stages above it.
        Assert.AreEqual("final", DockerfileStageReader.FindBaseImage("FROM final AS first\nFROM first AS final\n", "first"));
    }

    [TestMethod]
    public void FindBaseImage_Scratch_IsScratch()
    {
        Assert.AreEqual("scratch", DockerfileStageReader.FindBaseImage("FROM build AS x\nFROM scratch AS runtime\n", "runtime"));
    }
}
