using ContainerStages.Pipeline;

namespace ContainerStages.Tests.Pipeline;

/// <summary>
/// <see cref="BaseImageFailure.FindImage"/> on the messages BuildKit gives for a FROM image it can
/// neither find nor pull (0.8 in Docker 20.10: the failed manifest request; newer: the image by
/// name), answering with the candidate as the user wrote it.
/// </summary>
[TestClass]
public sealed class BaseImageFailureTests
{
    private const string StandIn = "containerstages-standin/nope:10.0";
    private const string Aspnet = "mcr.microsoft.com/dotnet/aspnet:10.0";
    private const string Sdk = "mcr.microsoft.com/dotnet/sdk:10.0";

    private const string StandInNoSuchHost =
        "failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: "
        + "Head \"https://registry-1.docker.io/v2/containerstages-standin/nope/manifests/10.0\": "
        + "dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host";

    private const string AspnetNoSuchHost =
        "failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: "
        + "Head \"https://mcr.microsoft.com/v2/dotnet/aspnet/manifests/10.0\": "
        + "dial tcp: lookup mcr.microsoft.com on 10.255.255.53:53: no such host";

    [TestMethod]
    public void BuildKit08_DockerHubManifestRequest_NamesTheCandidate()
    {
        Assert.AreEqual(StandIn, BaseImageFailure.FindImage(StandInNoSuchHost, [Sdk, StandIn]));
    }

    [TestMethod]
    public void BuildKit08_OtherRegistryManifestRequest_NamesTheCandidate()
    {
        Assert.AreEqual(Aspnet, BaseImageFailure.FindImage(AspnetNoSuchHost, [Sdk, Aspnet]));
    }

    [TestMethod]
    public void BuildKit08_ManifestRequestOfAnotherImage_IsNotTheCandidates()
    {
        Assert.IsNull(BaseImageFailure.FindImage(AspnetNoSuchHost, [Sdk, StandIn]));
        Assert.IsNull(BaseImageFailure.FindImage(StandInNoSuchHost, [Sdk, Aspnet]));
    }

    [TestMethod]
    public void BuildKit08_ManifestRequestOfAnotherTag_IsNotTheCandidate()
    {
        Assert.IsNull(BaseImageFailure.FindImage(AspnetNoSuchHost, ["mcr.microsoft.com/dotnet/aspnet:9.0"]));
    }

    [TestMethod]
    public void BuildKit08_StepNameForm_NamesTheLibraryImage()
    {
        const string message =
            "[internal] load metadata for docker.io/library/nope:1: failed to do request: "
            + "Head \"https://registry-1.docker.io/v2/library/nope/manifests/1\": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host";

        Assert.AreEqual("nope:1", BaseImageFailure.FindImage(message, [Sdk, "nope:1"]));
    }

    [TestMethod]
    public void StepNameForm_WithoutTheManifestUrl_NamesTheImage()
    {
        const string message = "[internal] load metadata for mcr.microsoft.com/dotnet/aspnet:10.0: failed to do request: EOF";

        Assert.AreEqual(Aspnet, BaseImageFailure.FindImage(message, [Sdk, Aspnet]));
    }

    [TestMethod]
    public void StepNameAndErrorAsImageBuilderJoinsThem_NamesTheImage()
    {
        // ImageBuilder joins "<step name>: <step error>\n<error message>".
        string message = "[internal] load metadata for mcr.microsoft.com/dotnet/aspnet:10.0: "
            + AspnetNoSuchHost["failed to solve with frontend dockerfile.v0: failed to create LLB definition: ".Length..]
            + "\n" + AspnetNoSuchHost;

        Assert.AreEqual(Aspnet, BaseImageFailure.FindImage(message, [Sdk, Aspnet]));
    }

    [TestMethod]
    public void NewerBuildKit_SourceMetadataNotFound_NamesTheImage()
    {
        const string message = "failed to resolve source metadata for docker.io/library/ubuntu:nope: docker.io/library/ubuntu:nope: not found";

        Assert.AreEqual("ubuntu:nope", BaseImageFailure.FindImage(message, [Sdk, "ubuntu:nope"]));
    }

    [TestMethod]
    public void NewerBuildKit_SourceMetadataNotFound_OfAnotherTag_IsNull()
    {
        const string message = "failed to resolve source metadata for docker.io/library/ubuntu:nope: docker.io/library/ubuntu:nope: not found";

        Assert.IsNull(BaseImageFailure.FindImage(message, ["ubuntu", "ubuntu:24.04"]));
    }

    [TestMethod]
    public void PullAccessDenied_NamesTheImageWithTheImpliedLatest()
    {
        const string message = "pull access denied for nope, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed";

        Assert.AreEqual("nope", BaseImageFailure.FindImage(message, [Sdk, "nope"]));
        Assert.AreEqual("docker.io/library/nope:latest", BaseImageFailure.FindImage(message, ["docker.io/library/nope:latest"]));
    }

    [TestMethod]
    public void PullAccessDenied_BriefForm_NamesTheImage()
    {
        const string message = "pull access denied for nope, repository does not exist or may require authorization";

        Assert.AreEqual("nope", BaseImageFailure.FindImage(message, ["nope"]));
    }

    [TestMethod]
    [DataRow("ubuntu")]
    [DataRow("ubuntu:latest")]
    [DataRow("library/ubuntu")]
    [DataRow("docker.io/ubuntu")]
    [DataRow("docker.io/library/ubuntu:latest")]
    [DataRow("index.docker.io/library/ubuntu")]
    public void DockerHubLibraryImage_AnySpelling_MatchesTheHubManifestRequest(string candidate)
    {
        const string message =
            "failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: "
            + "Head \"https://registry-1.docker.io/v2/library/ubuntu/manifests/latest\": dial tcp: lookup registry-1.docker.io: no such host";

        Assert.AreEqual(candidate, BaseImageFailure.FindImage(message, [candidate]));
    }

    [TestMethod]
    [DataRow("ubuntu")]
    [DataRow("docker.io/library/ubuntu:latest")]
    public void DockerHubLibraryImage_AnySpelling_MatchesTheNamedForm(string candidate)
    {
        const string message = "failed to resolve source metadata for docker.io/library/ubuntu:latest: docker.io/library/ubuntu:latest: not found";

        Assert.AreEqual(candidate, BaseImageFailure.FindImage(message, [candidate]));
    }

    [TestMethod]
    public void RegistryWithPort_ManifestRequest_NamesTheCandidate()
    {
        const string message =
            "failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: "
            + "Head \"http://127.0.0.1:5000/v2/x/y/manifests/1\": dial tcp 127.0.0.1:5000: connect: connection refused";

        Assert.AreEqual("127.0.0.1:5000/x/y:1", BaseImageFailure.FindImage(message, [Sdk, "127.0.0.1:5000/x/y:1"]));
    }

    [TestMethod]
    public void RegistryWithPort_NamedForm_NamesTheCandidate()
    {
        const string message = "failed to resolve source metadata for 127.0.0.1:5000/x/y:1: 127.0.0.1:5000/x/y:1: not found";

        Assert.AreEqual("127.0.0.1:5000/x/y:1", BaseImageFailure.FindImage(message, ["127.0.0.1:5000/x/y:1"]));
    }

    [TestMethod]
    public void RegistryWithPort_ImpliedLatest_MatchesAnExplicitLatest()
    {
        const string message = "failed to resolve source metadata for 127.0.0.1:5000/x/y:latest: 127.0.0.1:5000/x/y:latest: not found";

        Assert.AreEqual("127.0.0.1:5000/x/y", BaseImageFailure.FindImage(message, ["127.0.0.1:5000/x/y"]));
    }

    [TestMethod]
    public void Digest_StepNameForm_NamesTheCandidate()
    {
        const string digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        const string message = $"[internal] load metadata for docker.io/library/ubuntu@{digest}: failed to do request: EOF";

        Assert.AreEqual($"ubuntu@{digest}", BaseImageFailure.FindImage(message, [Sdk, $"ubuntu@{digest}"]));
    }

    [TestMethod]
    public void Digest_NewerBuildKitNamedForm_NamesTheCandidate()
    {
        const string digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        const string message = $"failed to resolve source metadata for mcr.microsoft.com/dotnet/aspnet@{digest}: mcr.microsoft.com/dotnet/aspnet@{digest}: not found";

        Assert.AreEqual($"mcr.microsoft.com/dotnet/aspnet@{digest}", BaseImageFailure.FindImage(message, [Sdk, $"mcr.microsoft.com/dotnet/aspnet@{digest}"]));
    }

    [TestMethod]
    public void Digest_BuildKit08ManifestRequest_NamesTheCandidate()
    {
        // Pulling by digest, the resolver asks for /manifests/<digest>.
        const string digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        const string message =
            "failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: "
            + $"Head \"https://mcr.microsoft.com/v2/dotnet/aspnet/manifests/{digest}\": dial tcp: lookup mcr.microsoft.com on 10.255.255.53:53: no such host";

        Assert.AreEqual($"mcr.microsoft.com/dotnet/aspnet@{digest}", BaseImageFailure.FindImage(message, [Sdk, $"mcr.microsoft.com/dotnet/aspnet@{digest}"]));
    }

    [TestMethod]
    public void ManifestUrlWithoutQuotes_TheColonAfterTheTagIsNotPartOfIt()
    {
        const string message =
            "failed to create LLB definition: failed to do request: unexpected status from HEAD request to "
            + "https://127.0.0.1:5000/v2/x/y/manifests/1: 500 Internal Server Error";

        Assert.AreEqual("127.0.0.1:5000/x/y:1", BaseImageFailure.FindImage(message, ["127.0.0.1:5000/x/y:1"]));
    }

    [TestMethod]
    public void Digest_OfAnotherDigest_IsNull()
    {
        const string message =
            "failed to resolve source metadata for docker.io/library/ubuntu@sha256:aaaa: docker.io/library/ubuntu@sha256:aaaa: not found";

        Assert.IsNull(BaseImageFailure.FindImage(message, ["ubuntu@sha256:bbbb", "ubuntu"]));
    }

    [TestMethod]
    [DataRow("executor failed running [/bin/sh -c exit 3]: exit code: 3")]
    [DataRow("process \"/bin/sh -c dotnet build\" did not complete successfully: exit code: 1")]
    [DataRow("failed to compute cache key: \"/nope.txt\" not found: not found")]
    [DataRow("dockerfile parse error line 3: unknown instruction: FRUM")]
    [DataRow("")]
    public void NotAPullFailure_IsNull(string message)
    {
        Assert.IsNull(BaseImageFailure.FindImage(message, [Sdk, Aspnet, "nope", "ubuntu"]));
    }

    [TestMethod]
    public void RunFailureOfAStepNamingACandidate_IsNull()
    {
        const string message = "[runtime 2/3] RUN mcr.microsoft.com/dotnet/aspnet:10.0: executor failed running [/bin/sh -c exit 3]: exit code: 3";

        Assert.IsNull(BaseImageFailure.FindImage(message, [Aspnet]));
    }

    [TestMethod]
    public void PullFailureOfAnImageNotAmongTheCandidates_IsNull()
    {
        const string message = "failed to resolve source metadata for docker.io/library/nope:1: docker.io/library/nope:1: not found";

        Assert.IsNull(BaseImageFailure.FindImage(message, [Sdk, Aspnet, "nope:2", "other/nope:1"]));
    }

    [TestMethod]
    public void NoCandidates_IsNull()
    {
        Assert.IsNull(BaseImageFailure.FindImage(StandInNoSuchHost, []));
    }

    [TestMethod]
    public void SeveralCandidates_TheOneThatFailedIsNamed()
    {
        const string message = "[internal] load metadata for mcr.microsoft.com/dotnet/sdk:10.0: failed to do request: EOF";

        Assert.AreEqual(Sdk, BaseImageFailure.FindImage(message, [Aspnet, Sdk]));
    }

    [TestMethod]
    public void IndexWithoutThePlatform_IsRecognised_FromBuildKitsAnswer()
    {
        Assert.IsTrue(BaseImageFailure.IsPlatformMissingFromIndex(
            "failed to solve with frontend dockerfile.v0: failed to create LLB definition: no match for platform in manifest sha256:0123abcd: not found"));
        Assert.IsFalse(BaseImageFailure.IsPlatformMissingFromIndex("failed to do request: EOF"));
    }

    [TestMethod]
    [DataRow("linux/amd64", "linux/arm64", true)]
    [DataRow("linux/amd64", "linux/amd64", false)]
    [DataRow("linux/arm64/v8", "linux/arm64", false)]
    [DataRow(null, "linux/arm64", false)]
    public void LocalImageOfAnotherArchitecture_IsOtherPlatform(string? local, string build, bool expected) =>
        Assert.AreEqual(expected, BaseImageFailure.IsOtherPlatform(local, build));
}
