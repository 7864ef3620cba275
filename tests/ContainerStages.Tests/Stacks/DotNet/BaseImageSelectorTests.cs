using ContainerStages.Dockerfile;
using ContainerStages.Stacks.DotNet;

namespace ContainerStages.Tests.Stacks.DotNet;

[TestClass]
public sealed class BaseImageSelectorTests
{
    [TestMethod]
    [DataRow("v8.0", "mcr.microsoft.com/dotnet/aspnet:8.0")]
    [DataRow("v9.0", "mcr.microsoft.com/dotnet/aspnet:9.0")]
    [DataRow("v10.0", "mcr.microsoft.com/dotnet/aspnet:10.0")]
    public void RuntimeImage_WebProject_IsAspNet(string version, string expected)
    {
        Assert.AreEqual(expected, BaseImageSelector.RuntimeImage(version, isWebProject: true));
    }

    [TestMethod]
    [DataRow("v8.0", "mcr.microsoft.com/dotnet/runtime:8.0")]
    [DataRow("v9.0", "mcr.microsoft.com/dotnet/runtime:9.0")]
    [DataRow("v10.0", "mcr.microsoft.com/dotnet/runtime:10.0")]
    public void RuntimeImage_ConsoleProject_IsRuntime(string version, string expected)
    {
        Assert.AreEqual(expected, BaseImageSelector.RuntimeImage(version, isWebProject: false));
    }

    [TestMethod]
    [DataRow("v8.0", "mcr.microsoft.com/dotnet/sdk:8.0")]
    [DataRow("v9.0", "mcr.microsoft.com/dotnet/sdk:9.0")]
    [DataRow("v10.0", "mcr.microsoft.com/dotnet/sdk:10.0")]
    public void SdkImage_Version_IsSdkOfThatVersion(string version, string expected)
    {
        Assert.AreEqual(expected, BaseImageSelector.SdkImage(version));
    }

    [TestMethod]
    [DataRow("v8.0", "8.0")]
    [DataRow("V8.0", "8.0")]
    [DataRow("8.0", "8.0")]
    [DataRow("8.0.1", "8.0")]
    [DataRow("v10.0.100", "10.0")]
    [DataRow("v3.1", "3.1")]
    public void ImageVersion_Version_IsMajorDotMinor(string version, string expected)
    {
        Assert.AreEqual(expected, BaseImageSelector.ImageVersion(version));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("v")]
    [DataRow("v10")]
    [DataRow("net8.0")]
    [DataRow("vNext")]
    [DataRow("v8.x")]
    [DataRow("v4.7.2")]
    [DataRow("v4.8")]
    public void ImageVersion_NotADotNetVersion_ThrowsUnsupportedTargetFramework(string version)
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => BaseImageSelector.RuntimeImage(version, isWebProject: true));

        Assert.AreEqual("UnsupportedTargetFramework", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { version }, error.Arguments);
    }

    [TestMethod]
    public void SdkImage_NotADotNetVersion_ThrowsUnsupportedTargetFramework()
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => BaseImageSelector.SdkImage("banana"));

        Assert.AreEqual("UnsupportedTargetFramework", error.ResourceName);
    }
}
