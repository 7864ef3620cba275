using ContainerStages.Dockerfile;
using ContainerStages.Naming;

namespace ContainerStages.Tests.Dockerfile;

[TestClass]
public sealed class OsPackageManagerSelectorTests
{
    [TestMethod]
    [DataRow("mcr.microsoft.com/dotnet/aspnet:10.0", "Apt")]
    [DataRow("mcr.microsoft.com/dotnet/runtime:8.0-bookworm-slim", "Apt")]
    [DataRow("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble", "Apt")]
    [DataRow("ubuntu:24.04", "Apt")]
    [DataRow("mcr.microsoft.com/dotnet/aspnet:10.0-alpine", "Apk")]
    [DataRow("alpine:3.20", "Apk")]
    [DataRow("mcr.microsoft.com/dotnet/runtime:8.0-azurelinux3.0", "Tdnf")]
    [DataRow("mcr.microsoft.com/dotnet/runtime:8.0-cbl-mariner2.0", "Tdnf")]
    [DataRow("registry.example/team/base:2", "Detect")]
    [DataRow("containerstages-standin/aspnet:10.0", "Detect")]
    // The enum is internal, so the rows name it.
    public void For_KnownAndUnknownNames_PicksTheManager(string image, string expected) =>
        Assert.AreEqual(Enum.Parse<OsPackageManager>(expected), OsPackageManagerSelector.For(image));

    [TestMethod]
    [DataRow("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", true)]
    [DataRow("mcr.microsoft.com/dotnet/runtime-deps:8.0-azurelinux3.0-distroless", true)]
    [DataRow("gcr.io/distroless/cc", true)]
    [DataRow("mcr.microsoft.com/dotnet/aspnet:10.0-noble", false)]
    public void HasNoPackageManager_ChiseledAndDistroless(string image, bool expected) =>
        Assert.AreEqual(expected, OsPackageManagerSelector.HasNoPackageManager(image));

    [TestMethod]
    [DataRow("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra", "mcr.microsoft.com/dotnet/aspnet:10.0-noble")]
    [DataRow("localhost:5000/dotnet/aspnet:10.0-noble-chiseled@sha256:abc", "localhost:5000/dotnet/aspnet:10.0-noble")]
    [DataRow("gcr.io/distroless/cc", null)]
    [DataRow("localhost:5000/distroless/cc", null)]
    public void WithPackageManager_DropsTheChiseledSuffixOfTheTag(string image, string? expected) =>
        Assert.AreEqual(expected, OsPackageManagerSelector.WithPackageManager(image));

    [TestMethod]
    [DataRow("tzdata", "Apt", true)]
    [DataRow("fonts-dejavu-core", "Apt", true)]
    [DataRow("libstdc++6", "Apt", true)]
    [DataRow("curl=7.88.1-10+deb12u5", "Apt", true)]
    [DataRow("tzdata=1:2024a-0", "Apt", true)]
    [DataRow("py3_x", "Apt", false)]
    [DataRow("py3-foo_bar", "Apk", true)]
    [DataRow("icu-libs=74.2-r0", "Apk", true)]
    [DataRow("Curl", "Apk", false)]
    [DataRow("ca-certificates", "Tdnf", true)]
    [DataRow("curl", "Detect", true)]
    [DataRow("x", "Detect", false)]
    [DataRow("curl && rm", "Detect", false)]
    [DataRow("$(id)", "Tdnf", false)]
    public void IsValid_FollowsTheDistributionsRules(string package, string manager, bool expected) =>
        Assert.AreEqual(expected, OsPackageNameRules.IsValid(package, Enum.Parse<OsPackageManager>(manager)));
}
