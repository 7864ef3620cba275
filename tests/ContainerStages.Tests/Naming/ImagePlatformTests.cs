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
}
