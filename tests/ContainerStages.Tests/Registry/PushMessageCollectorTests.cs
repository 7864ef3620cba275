using ContainerStages.Engine;

namespace ContainerStages.Tests.Registry;

[TestClass]
public sealed class PushMessageCollectorTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [TestMethod]
    public void TheEnginesLastStatusLine_GivesTheDigest()
    {
        var collector = new PushMessageCollector();
        collector.Report("Pushed", null);
        collector.Report($"1.0: digest: {Digest} size: 739", null);

        Assert.AreEqual(new ImagePushResponse(Digest, null), collector.ToResponse());
    }

    [TestMethod]
    public void AnError_WinsOverAnyDigest_AndTheFirstErrorIsKept()
    {
        var collector = new PushMessageCollector();
        collector.Report($"1.0: digest: {Digest} size: 739", null);
        collector.Report(null, "unauthorized: authentication required");
        collector.Report(null, "second");

        Assert.AreEqual(new ImagePushResponse(null, "unauthorized: authentication required"), collector.ToResponse());
    }
}
