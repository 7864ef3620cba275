using ContainerStages.Naming;

namespace ContainerStages.Tests.Naming;

[TestClass]
public sealed class ImagePlatformTests
{
    [TestMethod]
    [DataRow("linux-x64", "linux/amd64")]
    [DataRow("linux-musl-x64", "linux/amd64")]
    [DataRow("linux-arm64", "linux/arm64")]
    [DataRow("Linux-Musl-Arm64", "linux/arm64")]
    [DataRow("linux-arm", "linux/arm/v7")]
    [DataRow("linux-s390x", "linux/s390x")]
    public void FromRuntimeIdentifier_LinuxRid_IsItsPlatform(string rid, string platform) =>
        Assert.AreEqual(platform, ImagePlatform.FromRuntimeIdentifier(rid));

    [TestMethod]
    [DataRow("linux-mips")]
    [DataRow("win-x64")]
    [DataRow("osx-arm64")]
    [DataRow("linux")]
    public void FromRuntimeIdentifier_OtherSystemOrUnknownArchitecture_IsNull(string rid) =>
        Assert.IsNull(ImagePlatform.FromRuntimeIdentifier(rid));

    [TestMethod]
    [DataRow("linux/amd64", "amd64")]
    [DataRow("linux/arm64", "arm64")]
    [DataRow("linux/arm/v7", "arm-v7")]
    public void TagSuffix_IsArchitectureAndVariant(string platform, string suffix) =>
        Assert.AreEqual(suffix, ImagePlatform.TagSuffix(platform));

    [TestMethod]
    [DataRow("team/app:1.0-arm64", "linux/arm64", "team/app:1.0")]
    [DataRow("host:5000/app:latest-arm-v7", "linux/arm/v7", "host:5000/app:latest")]
    [DataRow("team/app:1.0-amd64", "linux/arm64", "team/app:1.0-amd64")]
    [DataRow("team/app-arm64", "linux/arm64", "team/app-arm64")]
    public void WithoutTagSuffix_RemovesOnlyTheTagsPlatformSuffix(string reference, string platform, string expected) =>
        Assert.AreEqual(expected, ImagePlatform.WithoutTagSuffix(reference, platform));
}
