using System.Text;
using ContainerStages.Engine;
using ContainerStages.Engine.Session;
using ContainerStages.Tests.Engine.Session;

namespace ContainerStages.Tests.Engine;

/// <summary>The HTTP/1.1 exchange that turns an engine connection into a BuildKit session.</summary>
[TestClass]
public sealed class SessionUpgradeTests
{
    private static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    [TestMethod]
    public void Request_UpgradesToH2c_WithTheSessionHeadersAndOneLinePerServedMethod()
    {
        string request = Encoding.ASCII.GetString(SessionUpgrade.Request("docker", new Version(1, 41), "abc123", "my app", "key"));
        var lines = request.Split("\r\n");

        Assert.AreEqual("POST /v1.41/session HTTP/1.1", lines[0]);
        CollectionAssert.Contains(lines, "Upgrade: h2c");
        CollectionAssert.Contains(lines, "Connection: Upgrade");
        CollectionAssert.Contains(lines, "X-Docker-Expose-Session-Uuid: abc123");
        CollectionAssert.Contains(lines, "X-Docker-Expose-Session-Name: my app");
        CollectionAssert.Contains(lines, "X-Docker-Expose-Session-Sharedkey: key");
        var methods = lines.Where(l => l.StartsWith("X-Docker-Expose-Session-Grpc-Method: ", StringComparison.Ordinal)).Select(l => l.Split(": ", 2)[1]).ToList();
        CollectionAssert.AreEquivalent(SessionUpgrade.ServedMethods.ToList(), methods);
        CollectionAssert.Contains(methods, "/moby.buildkit.secrets.v1.Secrets/GetSecret");
        CollectionAssert.Contains(methods, "/moby.filesync.v1.FileSend/DiffCopy");
        CollectionAssert.Contains(methods, "/grpc.health.v1.Health/Check");
        StringAssert.EndsWith(request, "\r\n\r\n");
    }

    [TestMethod]
    public void Request_NeverCarriesALineBreakOfAFolderName()
    {
        string request = Encoding.ASCII.GetString(SessionUpgrade.Request("docker", new Version(1, 41), "id", "evil\r\nX-Injected: 1", "key"));

        Assert.DoesNotContain("\r\nX-Injected", request);
    }

    [TestMethod]
    public async Task Upgrade_On101_ReturnsWhatTheEngineSentAfterTheHeaders()
    {
        byte[] answer = [.. Encoding.ASCII.GetBytes("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"), .. Preface];
        var connection = new ScriptedDuplexStream(answer);
        byte[] request = SessionUpgrade.Request("docker", new Version(1, 41), "id", "name", "key");

        byte[] rest = await SessionUpgrade.UpgradeAsync(connection, request, CancellationToken.None);

        // What arrived with the headers comes back; the rest of the preface is still on the connection.
        CollectionAssert.AreEqual(request, connection.Written.ToArray());
        var remaining = new MemoryStream();
        await connection.CopyToAsync(remaining);
        CollectionAssert.AreEqual(Preface, rest.Concat(remaining.ToArray()).ToArray());
    }

    [TestMethod]
    public async Task Upgrade_On404_IsRefusedWithTheEnginesMessage()
    {
        const string body = "{\"message\":\"page not found\"}";
        var connection = new ScriptedDuplexStream(Encoding.ASCII.GetBytes($"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}"));

        var refused = await Assert.ThrowsExactlyAsync<SessionRefusedException>(() => SessionUpgrade.UpgradeAsync(connection, [], CancellationToken.None));

        Assert.AreEqual("HTTP 404 Not Found: page not found", refused.Message);
    }

    [TestMethod]
    public async Task Upgrade_WhenTheConnectionEndsBeforeTheHeaders_IsRefused()
    {
        var connection = new ScriptedDuplexStream(Encoding.ASCII.GetBytes("HTTP/1.1 101 UPGR"));

        var refused = await Assert.ThrowsExactlyAsync<SessionRefusedException>(() => SessionUpgrade.UpgradeAsync(connection, [], CancellationToken.None));

        StringAssert.Contains(refused.Message, "closed the connection");
    }

    [TestMethod]
    public async Task Upgrade_OfSomethingThatIsNotHttp_IsRefused()
    {
        var connection = new ScriptedDuplexStream(Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.2\r\n\r\n"));

        var refused = await Assert.ThrowsExactlyAsync<SessionRefusedException>(() => SessionUpgrade.UpgradeAsync(connection, [], CancellationToken.None));

        StringAssert.Contains(refused.Message, "not HTTP");
    }

    [TestMethod]
    [DataRow("{\"message\":\"session not supported\"}", "session not supported")]
    [DataRow("404 page not found\n", "404 page not found")]
    [DataRow("", "")]
    public void ErrorText_ReadsTheApisJsonOrTheFirstLine(string body, string expected)
    {
        Assert.AreEqual(expected, SessionUpgrade.ErrorText(body));
    }
}
