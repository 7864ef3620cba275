using System.Net;
using System.Security.Cryptography;
using System.Text;
using ContainerStages.DockerConfig;
using ContainerStages.Registry;

namespace ContainerStages.Tests.Registry;

/// <summary>The registry client's requests, challenges and checks, against scripted answers.</summary>
[TestClass]
public sealed class RegistryClientTests
{
    private const string Manifest = """{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}""";
    private static readonly string ManifestDigest = "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Manifest))).ToLowerInvariant();
    private static readonly RegistryCredentials Login = new("ci", "s3cret", null, "the Docker config");

    private static readonly ImageIndexDocument Index = ImageIndexDocument.Create([new ManifestDescriptor(ManifestMediaTypes.DockerManifest, ManifestDigest, Manifest.Length, "linux/arm64")]);

    [TestMethod]
    public async Task BasicChallenge_IsAnsweredWithTheLogin_AndTheManifestIsCheckedAndMeasured()
    {
        var handler = new StubRegistryHandler(request => request.Headers.Authorization is null
            ? Challenge("Basic", "realm=\"test\"")
            : StubRegistryHandler.Answer(HttpStatusCode.OK, Manifest, ManifestMediaTypes.DockerManifest));
        using var client = new RegistryClient("registry.example", Login, handler);

        var descriptor = await client.GetManifestAsync("team/app", ManifestDigest, "linux/arm64", CancellationToken.None);

        Assert.AreEqual(new ManifestDescriptor(ManifestMediaTypes.DockerManifest, ManifestDigest, Manifest.Length, "linux/arm64"), descriptor);
        Assert.AreEqual($"GET https://registry.example/v2/team/app/manifests/{ManifestDigest}", handler.Requests[0]);
        Assert.AreEqual($"GET https://registry.example/v2/team/app/manifests/{ManifestDigest} Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("ci:s3cret"))}", handler.Requests[1]);
    }

    [TestMethod]
    public async Task BearerChallenge_GetsATokenForPullAndPush_WithTheLogin_AndSendsIt()
    {
        var handler = new StubRegistryHandler(request => request.RequestUri!.Host == "auth.example"
            ? StubRegistryHandler.Answer(HttpStatusCode.OK, """{"token":"tok-123"}""")
            : request.Headers.Authorization?.Scheme == "Bearer" ? Created(Index.Digest) : Challenge("Bearer", "realm=\"https://auth.example/token\",service=\"reg\",scope=\"repository:team/app:pull\""));
        using var client = new RegistryClient("registry.example", Login, handler);

        string digest = await client.PutIndexAsync("team/app", "1.0", Index, CancellationToken.None);

        Assert.AreEqual(Index.Digest, digest);
        StringAssert.StartsWith(handler.Requests[1], "GET https://auth.example/token?service=reg&scope=repository%3Ateam%2Fapp%3Apull%2Cpush Basic ");
        Assert.AreEqual("PUT https://registry.example/v2/team/app/manifests/1.0 Bearer tok-123", handler.Requests[2]);
        CollectionAssert.AreEqual(Index.Content, handler.Bodies[2], "The index's own bytes are put, so its digest is the registry's.");
    }

    [TestMethod]
    public async Task LoopbackRegistry_WithoutTls_IsReachedOverPlainHttp()
    {
        var handler = new StubRegistryHandler(request => request.RequestUri!.Scheme == "https"
            ? throw new HttpRequestException("The SSL connection could not be established", new System.Security.Authentication.AuthenticationException("wrong version number"))
            : Created(Index.Digest));
        using var client = new RegistryClient("127.0.0.1:5000", null, handler);

        await client.PutIndexAsync("app", "1", Index, CancellationToken.None);
        await client.PutIndexAsync("app", "2", Index, CancellationToken.None);

        CollectionAssert.AreEqual(
            new[] { "PUT https://127.0.0.1:5000/v2/app/manifests/1", "PUT http://127.0.0.1:5000/v2/app/manifests/1", "PUT http://127.0.0.1:5000/v2/app/manifests/2" },
            handler.Requests);
    }

    [TestMethod]
    public async Task RemoteRegistry_WithATlsFailure_IsCSTG0050_AndNeverPlainHttp()
    {
        var handler = new StubRegistryHandler(_ => throw new HttpRequestException("ssl", new System.Security.Authentication.AuthenticationException("untrusted root")));
        using var client = new RegistryClient("registry.example", null, handler);

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() => client.PutIndexAsync("app", "1", Index, CancellationToken.None));

        Assert.AreEqual("RegistryTlsFailed", error.ResourceName);
        Assert.HasCount(1, handler.Requests);
    }

    [TestMethod]
    public async Task ManifestWithAnotherDigest_IsCSTG0126()
    {
        var handler = new StubRegistryHandler(_ => StubRegistryHandler.Answer(HttpStatusCode.OK, Manifest + " ", ManifestMediaTypes.DockerManifest));
        using var client = new RegistryClient("registry.example", null, handler);

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() => client.GetManifestAsync("app", ManifestDigest, "linux/amd64", CancellationToken.None));

        Assert.AreEqual("RegistryManifestDigestMismatch", error.ResourceName);
    }

    [TestMethod]
    [DataRow(HttpStatusCode.Unauthorized, "PushUnauthorized")]
    [DataRow(HttpStatusCode.Forbidden, "PushDenied")]
    [DataRow(HttpStatusCode.BadRequest, "RegistryRequestFailed")]
    public async Task RefusedIndex_IsTheCodedErrorOfItsKind_WithTheRegistrysAnswer(HttpStatusCode status, string resource)
    {
        var handler = new StubRegistryHandler(_ => StubRegistryHandler.Answer(status, """{"errors":[{"code":"MANIFEST_INVALID"}]}"""));
        using var client = new RegistryClient("registry.example", Login, handler);

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() => client.PutIndexAsync("app", "1", Index, CancellationToken.None));

        Assert.AreEqual(resource, error.ResourceName);
        Assert.IsTrue(error.Arguments.Any(argument => argument?.ToString()?.Contains("MANIFEST_INVALID", StringComparison.Ordinal) == true));
        Assert.IsFalse(error.Arguments.Any(argument => argument?.ToString()?.Contains("s3cret", StringComparison.Ordinal) == true));
    }

    [TestMethod]
    [DataRow("127.0.0.1:5000", true)]
    [DataRow("localhost:5000", true)]
    [DataRow("[::1]:5000", true)]
    [DataRow("registry.example:5000", false)]
    [DataRow("10.0.0.5", false)]
    public void IsLoopback_IsLocalhostOrALoopbackAddress(string registry, bool expected) =>
        Assert.AreEqual(expected, RegistryClient.IsLoopback(registry));

    private static HttpResponseMessage Challenge(string scheme, string parameter)
    {
        var response = StubRegistryHandler.Answer(HttpStatusCode.Unauthorized, """{"errors":[{"code":"UNAUTHORIZED"}]}""");
        response.Headers.WwwAuthenticate.Add(new System.Net.Http.Headers.AuthenticationHeaderValue(scheme, parameter));
        return response;
    }

    private static HttpResponseMessage Created(string digest)
    {
        var response = StubRegistryHandler.Answer(HttpStatusCode.Created);
        response.Headers.Add("Docker-Content-Digest", digest);
        return response;
    }
}
