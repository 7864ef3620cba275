using ContainerStages.Engine;

namespace ContainerStages.Tests.Engine;

/// <summary>ssh:// engine addresses taken apart as the Docker CLI does, and the ssh command they give.</summary>
[TestClass]
public sealed class SshEngineAddressTests
{
    private static readonly TimeSpan FiveSeconds = TimeSpan.FromSeconds(5);

    private static SshEngineAddress Parse(string address) => SshEngineAddress.Parse(new Uri(address), "DOCKER_HOST");

    [TestMethod]
    [DataRow("ssh://build-host", null, "build-host", null)]
    [DataRow("ssh://build-host/", null, "build-host", null)]
    [DataRow("ssh://me@build-host", "me", "build-host", null)]
    [DataRow("ssh://me@build-host:2222", "me", "build-host", 2222)]
    [DataRow("ssh://10.1.2.3:22", null, "10.1.2.3", 22)]
    [DataRow("ssh://root@[::1]:2200", "root", "::1", 2200)]
    [DataRow("ssh://[fe80::1]", null, "fe80::1", null)]
    [DataRow("ssh://first.last%40corp@build-host", "first.last@corp", "build-host", null)]
    public void Parse_TakesUserHostAndPort(string address, string? user, string host, int? port)
    {
        Assert.AreEqual(new SshEngineAddress(user, host, port), Parse(address));
    }

    [TestMethod]
    [DataRow("ssh://me:secret@build-host", "password")]
    [DataRow("ssh://build-host/var/run/docker.sock", "path")]
    [DataRow("ssh://build-host?socket=1", "query")]
    [DataRow("ssh://build-host#engine", "fragment")]
    public void Parse_RefusesWhatTheCliRefuses(string address, string named)
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => Parse(address));

        Assert.AreEqual("SshEndpointInvalid", error.ResourceName);
        StringAssert.Contains((string)error.Arguments[2]!, named);
    }

    [TestMethod]
    [DataRow("ssh://me@build-host/", "ssh://me@build-host")]
    [DataRow("ssh://root@[::1]:2200", "ssh://root@[::1]:2200")]
    public void Url_IsTheAddressAsTheUserWroteIt(string address, string expected)
    {
        Assert.AreEqual(expected, SshEngineAddress.Url(new Uri(address)));
    }

    [TestMethod]
    public void SshArguments_NeverPromptAndRunDialStdio()
    {
        var arguments = Parse("ssh://me@build-host:2222").SshArguments(FiveSeconds);

        CollectionAssert.AreEqual(
            new[] { "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-T", "-l", "me", "-p", "2222", "--", "build-host", "docker", "system", "dial-stdio" },
            arguments.ToArray());
    }

    [TestMethod]
    public void SshArguments_LeaveUserAndPortToSshConfigWhenAbsent()
    {
        var arguments = Parse("ssh://[::1]").SshArguments(TimeSpan.FromSeconds(2.5));

        CollectionAssert.AreEqual(
            new[] { "-o", "BatchMode=yes", "-o", "ConnectTimeout=3", "-T", "--", "::1", "docker", "system", "dial-stdio" },
            arguments.ToArray());
    }

    [TestMethod]
    public void CommandLine_IsWhatAUserCanTypeToTryIt()
    {
        Assert.AreEqual(
            "ssh -o BatchMode=yes -o ConnectTimeout=5 -T -l me -- build-host docker system dial-stdio",
            Parse("ssh://me@build-host").CommandLine(FiveSeconds));
    }

    [TestMethod]
    [DataRow(255, false)]
    [DataRow(127, true)]
    [DataRow(1, true)]
    [DataRow(-1, false)]
    public void Failure_TellsSshsOwnErrorsFromTheRemoteCommands(int exitCode, bool remote)
    {
        Assert.AreEqual(remote, new SshFailure(exitCode, "x").RemoteCommandFailed);
    }

    [TestMethod]
    public void Failure_ReasonIsTheLastLineOfStderr()
    {
        string stderr = "Warning: Permanently added '[127.0.0.1]:2222' (ED25519) to the list of known hosts.\r\nroot@127.0.0.1: Permission denied (publickey).\n\n";

        Assert.AreEqual("root@127.0.0.1: Permission denied (publickey)", SshFailure.LastLine(stderr));
    }
}
