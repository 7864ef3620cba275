using ContainerStages.Pipeline;

namespace ContainerStages.Tests.Pipeline;

/// <summary><see cref="BaseImageFailure.Normalize"/>: one spelling per image reference.</summary>
[TestClass]
public sealed class BaseImageNormalizeTests
{
    [TestMethod]
    [DataRow("ubuntu", "ubuntu:latest")]
    [DataRow("ubuntu:latest", "ubuntu:latest")]
    [DataRow("library/ubuntu", "ubuntu:latest")]
    [DataRow("docker.io/ubuntu", "ubuntu:latest")]
    [DataRow("docker.io/library/ubuntu", "ubuntu:latest")]
    [DataRow("docker.io/library/ubuntu:latest", "ubuntu:latest")]
    [DataRow("index.docker.io/library/ubuntu:24.04", "ubuntu:24.04")]
    [DataRow("registry-1.docker.io/library/ubuntu:24.04", "ubuntu:24.04")]
    [DataRow("  ubuntu:24.04 ", "ubuntu:24.04")]
    public void DockerHubLibraryImage_DropsTheImpliedHostAndLibrary(string image, string expected)
    {
        Assert.AreEqual(expected, BaseImageFailure.Normalize(image));
    }

    [TestMethod]
    [DataRow("containerstages-standin/nope:10.0", "containerstages-standin/nope:10.0")]
    [DataRow("docker.io/containerstages-standin/nope:10.0", "containerstages-standin/nope:10.0")]
    [DataRow("docker.io/containerstages-standin/nope", "containerstages-standin/nope:latest")]
    public void DockerHubUserImage_DropsTheImpliedHostOnly(string image, string expected)
    {
        Assert.AreEqual(expected, BaseImageFailure.Normalize(image));
    }

    [TestMethod]
    [DataRow("mcr.microsoft.com/dotnet/aspnet:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0")]
    [DataRow("mcr.microsoft.com/dotnet/aspnet", "mcr.microsoft.com/dotnet/aspnet:latest")]
    [DataRow("ghcr.io/library/thing:1", "ghcr.io/library/thing:1")]
    public void OtherRegistry_KeepsItsHost(string image, string expected)
    {
        Assert.AreEqual(expected, BaseImageFailure.Normalize(image));
    }

    [TestMethod]
    [DataRow("127.0.0.1:5000/x/y:1", "127.0.0.1:5000/x/y:1")]
    [DataRow("127.0.0.1:5000/x/y", "127.0.0.1:5000/x/y:latest")]
    [DataRow("localhost:5000/app", "localhost:5000/app:latest")]
    [DataRow("localhost:5000/app:2", "localhost:5000/app:2")]
    public void RegistryWithPort_ThePortIsNotTakenForATag(string image, string expected)
    {
        Assert.AreEqual(expected, BaseImageFailure.Normalize(image));
    }

    [TestMethod]
    [DataRow("ubuntu@sha256:abcd", "ubuntu@sha256:abcd")]
    [DataRow("docker.io/library/ubuntu@sha256:abcd", "ubuntu@sha256:abcd")]
    [DataRow("ubuntu:24.04@sha256:abcd", "ubuntu:24.04@sha256:abcd")]
    [DataRow("127.0.0.1:5000/x/y@sha256:abcd", "127.0.0.1:5000/x/y@sha256:abcd")]
    public void Digest_GetsNoImpliedLatest(string image, string expected)
    {
        Assert.AreEqual(expected, BaseImageFailure.Normalize(image));
    }

    [TestMethod]
    [DataRow("ubuntu")]
    [DataRow("docker.io/library/ubuntu:latest")]
    [DataRow("127.0.0.1:5000/x/y")]
    [DataRow("ubuntu@sha256:abcd")]
    public void Normalize_IsIdempotent(string image)
    {
        string once = BaseImageFailure.Normalize(image);

        Assert.AreEqual(once, BaseImageFailure.Normalize(once));
    }
}
