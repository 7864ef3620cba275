using ContainerStages.Inputs;
using ContainerStages.Planning;

namespace ContainerStages.Tests.Planning;

[TestClass]
public sealed class HealthCheckParserTests
{
    private static ContainerSettings With(string? command, string? interval = null, string? retries = null) =>
        new() { DockerfilePath = "Dockerfile", Target = "runtime", HealthCheck = command, HealthCheckInterval = interval, HealthCheckRetries = retries };

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("  ")]
    public void Parse_Unset_GivesNoHealthCheck(string? command) =>
        Assert.IsNull(HealthCheckParser.Parse(With(command)));

    [TestMethod]
    public void Parse_JsonArray_IsTheExecForm()
    {
        var check = HealthCheckParser.Parse(With(" [\"/app/App\", \"--health\"] "))!;

        CollectionAssert.AreEqual(new[] { "/app/App", "--health" }, check.ExecCommand!.ToArray());
        Assert.IsNull(check.ShellCommand);
    }

    [TestMethod]
    public void Parse_ComposeStyleCmdArray_DropsTheCmdWord()
    {
        var check = HealthCheckParser.Parse(With("[\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/\"]"))!;

        CollectionAssert.AreEqual(new[] { "curl", "-f", "http://localhost:8080/" }, check.ExecCommand!.ToArray());
    }

    [TestMethod]
    public void Parse_ComposeStyleCmdShellArray_IsTheShellForm() =>
        Assert.AreEqual("curl -f http://localhost/ || exit 1", HealthCheckParser.Parse(With("[\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]"))!.ShellCommand);

    [TestMethod]
    public void Parse_Text_IsTheShellFormWithOptions()
    {
        var check = HealthCheckParser.Parse(With("curl -f http://localhost:8080/healthz || exit 1", interval: "1m30s", retries: "5"))!;

        Assert.AreEqual("curl -f http://localhost:8080/healthz || exit 1", check.ShellCommand);
        Assert.AreEqual("1m30s", check.Interval);
        Assert.AreEqual(5, check.Retries);
    }

    [TestMethod]
    public void Parse_None_DisablesTheBaseImagesCheck() =>
        Assert.IsTrue(HealthCheckParser.Parse(With("none"))!.Disabled);

    [TestMethod]
    [DataRow("[\"unclosed\"")]
    [DataRow("[]")]
    [DataRow("[1, 2]")]
    [DataRow("[\"CMD\"]")]
    [DataRow("line one\nline two")]
    [DataRow("continues \\")]
    public void Parse_BadCommand_ThrowsInvalidHealthCheck(string command)
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => HealthCheckParser.Parse(With(command)));

        Assert.AreEqual("InvalidHealthCheck", error.ResourceName);
        Assert.AreEqual("ContainerStagesHealthCheck", error.Arguments[0]);
    }

    [TestMethod]
    [DataRow("30", null)]
    [DataRow("thirty seconds", null)]
    [DataRow(null, "0")]
    [DataRow(null, "three")]
    public void Parse_BadOption_ThrowsInvalidHealthCheckNamingTheOption(string? interval, string? retries)
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => HealthCheckParser.Parse(With("true", interval, retries)));

        Assert.AreEqual(interval is null ? "ContainerStagesHealthCheckRetries" : "ContainerStagesHealthCheckInterval", error.Arguments[0]);
    }
}
