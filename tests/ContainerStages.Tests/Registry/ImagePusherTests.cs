using ContainerStages.DockerConfig;
using ContainerStages.Engine;
using ContainerStages.Pipeline;
using ContainerStages.Registry;
using ContainerStages.Tests.Engine;

namespace ContainerStages.Tests.Registry;

/// <summary>Tag-then-push per tag against a scripted engine: digests, retries, and the coded errors.</summary>
[TestClass]
public sealed class ImagePusherTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly RegistryCredentials Credentials = new("ci", "s3cret-pw", null, "DOTNET_CONTAINER_REGISTRY_UNAME");

    private readonly FakeEngine _engine = new();
    private readonly RecordingPushLog _log = new();

    private ImagePusher Pusher => new(_engine, _log, new PushRetryPolicy { MaxAttempts = 3, Wait = (_, _) => Task.CompletedTask });

    private Task<IReadOnlyList<PushedImage>> Push(params string[] references) =>
        Pusher.PushAsync("sha256:img", references, "r.example:5000", Credentials, CancellationToken.None);

    [TestMethod]
    public async Task EveryTag_IsTaggedUnderTheRegistryAndPushed_WithItsDigest()
    {
        _engine.PushAnswers.Enqueue(new ImagePushResponse(Digest, null));
        _engine.PushAnswers.Enqueue(new ImagePushResponse(Digest, null));

        var pushed = await Push("team/app:1.0", "team/app:latest");

        CollectionAssert.AreEqual(new[] { "sha256:img -> r.example:5000/team/app:1.0", "sha256:img -> r.example:5000/team/app:latest" }, _engine.Tags);
        Assert.AreEqual("r.example:5000/team/app:1.0", pushed[0].Target);
        Assert.AreEqual($"r.example:5000/team/app@{Digest}", pushed[1].DigestReference);
        Assert.AreSame(Credentials, _engine.Pushes[0].Credentials);
    }

    [TestMethod]
    public async Task TransientFailure_IsRetried_AndTheRetryIsLogged()
    {
        _engine.PushAnswers.Enqueue(new ImagePushResponse(null, "received unexpected HTTP status: 503 Service Unavailable"));
        _engine.PushAnswers.Enqueue(new ImagePushResponse(Digest, null));

        var pushed = await Push("app:1");

        Assert.AreEqual(2, pushed[0].Attempts);
        Assert.IsTrue(_log.Lines.Any(l => l.StartsWith("retry r.example:5000/app:1 2/3", StringComparison.Ordinal)), string.Join("\n", _log.Lines));
    }

    [TestMethod]
    public async Task TransientFailure_ThatNeverClears_IsPushFailed_NamingTheAttempts()
    {
        for (int i = 0; i < 3; i++)
        {
            _engine.PushAnswers.Enqueue(new ImagePushResponse(null, "dial tcp 127.0.0.1:5000: connect: connection refused"));
        }

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() => Push("app:1"));

        Assert.AreEqual("PushFailed", error.ResourceName);
        Assert.AreEqual(3, error.Arguments[1]);
    }

    [TestMethod]
    [DataRow("unauthorized: authentication required", "PushUnauthorized")]
    [DataRow("lookup r.example: no such host", "RegistryHostUnknown")]
    [DataRow("x509: certificate signed by unknown authority", "RegistryTlsFailed")]
    [DataRow("denied: requested access to the resource is denied", "PushDenied")]
    public async Task PermanentFailure_IsItsCodedError_AfterOneAttempt(string message, string resource)
    {
        _engine.PushAnswers.Enqueue(new ImagePushResponse(null, message));

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() => Push("app:1"));

        Assert.AreEqual(resource, error.ResourceName);
        Assert.HasCount(1, _engine.Pushes);
    }

    [TestMethod]
    public async Task NoErrorMessage_OrLogLine_CarriesThePassword()
    {
        _engine.PushAnswers.Enqueue(new ImagePushResponse(null, "unauthorized: authentication required"));

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() => Push("app:1"));

        Assert.DoesNotContain("s3cret-pw", string.Join(" ", error.Arguments));
        Assert.DoesNotContain("s3cret-pw", string.Join("\n", _log.Lines));
    }

    [TestMethod]
    [DataRow("app:1", "app", "1")]
    [DataRow("r.example:5000/app:1", "r.example:5000/app", "1")]
    [DataRow("r.example:5000/app", "r.example:5000/app", "latest")]
    public void Split_TakesTheTagAfterTheLastSlash(string reference, string repository, string tag)
    {
        Assert.AreEqual((repository, tag), ContainerStages.Naming.ImageReference.Split(reference));
    }
}
