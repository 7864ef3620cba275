using ContainerStages.Dockerfile;
using ContainerStages.Stacks.DotNet;

namespace ContainerStages.Tests.Stacks.DotNet;

/// <summary>The restore step mounts the feeds' credentials only when a source needs them.</summary>
[TestClass]
public sealed class NuGetCredentialsMountTests
{
    [TestMethod]
    public void Write_WithCredentialSources_MountsTheSecretOnlyInTheRestoreStep()
    {
        string text = DotNetDockerfileWriter.Write(GoldenSpecs.WebApi with { NuGetCredentialSources = ["private-feed"] });
        var runs = DockerfileInstruction.Parse(text).Where(i => i.Keyword == "RUN").ToList();

        var restore = runs.Single(r => r.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        StringAssert.Contains(restore.Arguments, "--mount=type=secret,id=nuget-credentials,required=true");
        StringAssert.Contains(restore.Arguments, ". /run/secrets/nuget-credentials && ");
        Assert.AreEqual(1, runs.Count(r => r.Arguments.Contains("nuget-credentials", StringComparison.Ordinal)), "Only the restore reads the feeds.");
        StringAssert.Contains(text, "# The credentials of private-feed exist only during this step");
    }

    [TestMethod]
    public void Write_WithoutCredentialSources_MountsNoSecret() =>
        Assert.DoesNotContain("type=secret", DotNetDockerfileWriter.Write(GoldenSpecs.WebApi));
}
