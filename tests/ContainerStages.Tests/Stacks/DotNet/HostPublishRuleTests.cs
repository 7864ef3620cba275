using ContainerStages.Inputs;
using ContainerStages.Planning;
using ContainerStages.Stacks.DotNet;

namespace ContainerStages.Tests.Stacks.DotNet;

/// <summary>When the host's publish output goes into the image as it is, and when the app is built again.</summary>
[TestClass]
public sealed class HostPublishRuleTests
{
    private static readonly ProjectDescription FrameworkDependent = new()
    {
        ProjectPath = "/repo/Api/Api.csproj",
        AssetsFilePath = "/repo/Api/obj/project.assets.json",
        AssemblyName = "Api",
        TargetFileName = "Api.dll",
        TargetFrameworkVersion = "v10.0",
        Configuration = "Release",
        Version = "1.0.0",
        IsWebProject = true,
    };

    [TestMethod]
    public void Decide_FrameworkDependentWithoutRid_FitsEveryPlatformAndLeavesTheApphostOut()
    {
        var plan = HostPublishRule.Decide(FrameworkDependent, imageRuntimeIdentifier: null);

        Assert.IsTrue(plan.Usable);
        Assert.IsNull(plan.Platform);
        Assert.AreEqual(OperatingSystem.IsWindows() ? "Api.exe" : "Api", plan.ExcludedFile);
    }

    [TestMethod]
    public void Decide_FrameworkDependentWithContainerRid_StillFitsAsPortableOutput()
    {
        Assert.IsTrue(HostPublishRule.Decide(FrameworkDependent, "linux-arm64").Usable);
    }

    [TestMethod]
    [DataRow("linux-x64", "linux/amd64")]
    [DataRow("linux-musl-x64", "linux/amd64")]
    [DataRow("linux-arm64", "linux/arm64")]
    [DataRow("linux-musl-arm64", "linux/arm64")]
    [DataRow("linux-arm", "linux/arm/v7")]
    public void Decide_SelfContainedForALinuxRid_FitsThatPlatformOnly(string rid, string platform)
    {
        var project = FrameworkDependent with { SelfContained = true, PublishSingleFile = true, RuntimeIdentifier = rid };

        var plan = HostPublishRule.Decide(project, rid);

        Assert.IsTrue(plan.Usable);
        Assert.AreEqual(platform, plan.Platform);
        Assert.IsNull(plan.ExcludedFile, "The apphost of a self-contained app is its entry point.");
    }

    [TestMethod]
    [DataRow("win-x64")]
    [DataRow("osx-arm64")]
    public void Decide_RidOfAnotherSystem_IsBuiltInTheContainer(string rid)
    {
        var plan = HostPublishRule.Decide(FrameworkDependent with { RuntimeIdentifier = rid }, null);

        Assert.IsFalse(plan.Usable);
        Assert.AreEqual("HostPublishForOtherSystem", plan.Reason);
        CollectionAssert.AreEqual(new[] { rid }, plan.ReasonArguments.ToArray());
    }

    [TestMethod]
    public void Decide_ContainerRidOtherThanTheHostPublishes_IsBuiltInTheContainer()
    {
        var project = FrameworkDependent with { SelfContained = true, RuntimeIdentifier = "linux-x64" };

        var plan = HostPublishRule.Decide(project, "linux-arm64");

        Assert.IsFalse(plan.Usable);
        Assert.AreEqual("HostPublishForOtherRid", plan.Reason);
        CollectionAssert.AreEqual(new[] { "linux-x64", "linux-arm64" }, plan.ReasonArguments.ToArray());
    }

    [TestMethod]
    [DataRow("linux/amd64", "linux/amd64", true)]
    [DataRow("linux/amd64", "linux/x86_64", true)]
    [DataRow("linux/arm64", "linux/arm64/v8", true)]
    [DataRow("linux/arm64", "linux/aarch64", true)]
    [DataRow("linux/arm64", "linux/amd64", false)]
    [DataRow("linux/amd64", "windows/amd64", false)]
    public void SamePlatform_ComparesSystemAndArchitectureWhateverTheVariant(string required, string actual, bool same)
    {
        Assert.AreEqual(same, ContainerStages.Naming.ImagePlatform.SameOsAndArchitecture(required, actual));
    }
}
