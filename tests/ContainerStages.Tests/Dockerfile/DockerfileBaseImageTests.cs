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
    public void FindBaseImage_ImageFromABuildArgument_IsNull()
    {
        Assert.IsNull(DockerfileStageReader.FindBaseImage("ARG BASE=alpine\nFROM $BASE AS final\n", "final"));
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
