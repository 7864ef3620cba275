using ContainerStages.Registry;

namespace ContainerStages.Tests.Registry;

/// <summary>The engine's push errors (Go error text, as dockerd 20.10 words them) sorted into their kinds.</summary>
[TestClass]
public sealed class PushFailureClassifierTests
{
    [TestMethod]
    [DataRow("unauthorized: authentication required", "Unauthorized")]
    [DataRow("no basic auth credentials", "Unauthorized")]
    [DataRow("unauthorized: incorrect username or password", "Unauthorized")]
    [DataRow("Get \"https://nohost.invalid/v2/\": dial tcp: lookup nohost.invalid on 10.0.0.2:53: no such host", "UnknownHost")]
    [DataRow("Get \"https://r.example/v2/\": dial tcp: lookup r.example: Temporary failure in name resolution", "UnknownHost")]
    [DataRow("Get \"https://r.example:5000/v2/\": x509: certificate signed by unknown authority", "Tls")]
    [DataRow("Get \"https://r.example/v2/\": x509: certificate is valid for a.example, not r.example", "Tls")]
    [DataRow("Get \"https://r.example/v2/\": http: server gave HTTP response to HTTPS client", "Tls")]
    [DataRow("denied: requested access to the resource is denied", "Denied")]
    [DataRow("Get \"https://r.example/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused", "Transient")]
    [DataRow("Put \"https://r.example/v2/a/blobs/uploads/x\": net/http: TLS handshake timeout", "Transient")]
    [DataRow("Patch \"https://r.example/v2/a/blobs/uploads/x\": read tcp 1.2.3.4:1->5.6.7.8:443: read: connection reset by peer", "Transient")]
    [DataRow("received unexpected HTTP status: 503 Service Unavailable", "Transient")]
    [DataRow("toomanyrequests: rate limit exceeded", "Transient")]
    [DataRow("Put \"https://r.example/v2/a/manifests/1\": EOF", "Transient")]
    [DataRow("An image does not exist locally with the tag: r.example/a", "Other")]
    public void Classify_GivesTheKind(string message, string expected)
    {
        Assert.AreEqual(expected, PushFailureClassifier.Classify(message).ToString());
    }
}
