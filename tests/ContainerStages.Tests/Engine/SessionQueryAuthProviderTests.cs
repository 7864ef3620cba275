using ContainerStages.Engine;
using ContainerStages.Engine.Session;

namespace ContainerStages.Tests.Engine;

/// <summary>The build request names its session in a parameter the client library has no field for.</summary>
[TestClass]
public sealed class SessionQueryAuthProviderTests
{
    [TestMethod]
    public void WithSession_AppendsTheParameterToTheBuildRequest()
    {
        var uri = SessionQueryAuthProvider.WithSession(new Uri("http://docker/v1.41/build?version=2&target=runtime"), "s3ss10n");

        Assert.AreEqual("http://docker/v1.41/build?version=2&target=runtime&session=s3ss10n", uri.ToString());
    }

    [TestMethod]
    public void WithSession_OnABuildWithoutParameters_StartsTheQuery()
    {
        Assert.AreEqual("http://docker/v1.41/build?session=id", SessionQueryAuthProvider.WithSession(new Uri("http://docker/v1.41/build"), "id").ToString());
    }

    [TestMethod]
    [DataRow("http://docker/v1.41/images/json")]
    [DataRow("http://docker/v1.41/build/prune")]
    public void WithSession_LeavesEveryOtherRequestAlone(string address)
    {
        Assert.AreEqual(address, SessionQueryAuthProvider.WithSession(new Uri(address), "id").ToString());
    }

    [TestMethod]
    public async Task TheHandler_WrapsTheTransport_SoEveryBuildRequestCarriesTheSession()
    {
        var transport = new RecordingHandler();
        using var client = new HttpClient(new SessionQueryHandler("abc") { InnerHandler = transport });

        await client.PostAsync("http://docker/v1.41/build?t=x", new StringContent(string.Empty));

        Assert.AreEqual("http://docker/v1.41/build?t=x&session=abc", transport.LastUri!.ToString());
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public Uri? LastUri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastUri = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
