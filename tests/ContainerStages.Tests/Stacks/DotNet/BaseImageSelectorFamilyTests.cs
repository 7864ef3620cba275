using ContainerStages.Dockerfile;
using ContainerStages.Stacks.DotNet;

namespace ContainerStages.Tests.Stacks.DotNet;

/// <summary>
/// The selection matrix of the default images: deployment shape x ContainerFamily x RID x
/// InvariantGlobalization, as the SDK's ComputeDotnetBaseImageAndTag chooses the base.
/// </summary>
[TestClass]
public sealed class BaseImageSelectorFamilyTests
{
    private const string Mcr = "mcr.microsoft.com/dotnet/";

    private static BaseImageRequest Request(string shape, string? family = null, string? rid = null, bool invariant = false, bool web = false) => new()
    {
        TargetFrameworkVersion = "v10.0",
        IsWebProject = web,
        SelfContained = shape is "self-contained" or "trimmed" or "aot",
        PublishTrimmed = shape is "trimmed",
        PublishAot = shape is "aot",
        InvariantGlobalization = invariant,
        Family = family,
        RuntimeIdentifier = rid,
    };

    [TestMethod]
    // No family: the SDK's defaults.
    [DataRow("framework", false, null, null, false, "aspnet:10.0")]
    [DataRow("framework", false, null, null, true, "runtime:10.0")]
    [DataRow("self-contained", false, null, null, false, "runtime-deps:10.0")]
    [DataRow("trimmed", false, null, null, false, "runtime-deps:10.0-noble-chiseled-extra")]
    [DataRow("trimmed", true, null, null, false, "runtime-deps:10.0-noble-chiseled")]
    [DataRow("aot", false, null, null, false, "runtime-deps:10.0-noble-chiseled-extra")]
    [DataRow("aot", true, null, null, false, "runtime-deps:10.0-noble-chiseled")]
    // A musl RID means alpine, whatever the shape.
    [DataRow("framework", false, null, "linux-musl-x64", false, "aspnet:10.0-alpine")]
    [DataRow("aot", true, null, "linux-musl-arm64", false, "runtime-deps:10.0-alpine")]
    // The family suffixes the tag; chiseled gets -extra when globalization is needed.
    [DataRow("framework", false, "noble-chiseled", null, false, "aspnet:10.0-noble-chiseled-extra")]
    [DataRow("framework", true, "noble-chiseled", null, false, "aspnet:10.0-noble-chiseled")]
    [DataRow("framework", false, "noble-chiseled-extra", null, false, "aspnet:10.0-noble-chiseled-extra")]
    [DataRow("framework", false, "azurelinux3.0-distroless", null, true, "runtime:10.0-azurelinux3.0-distroless")]
    [DataRow("framework", false, "alpine", null, false, "aspnet:10.0-alpine")]
    [DataRow("aot", false, "alpine", null, false, "runtime-deps:10.0-alpine")]
    [DataRow("aot", false, "alpine3.22", "linux-musl-x64", false, "runtime-deps:10.0-alpine3.22")]
    [DataRow("self-contained", false, "noble-chiseled", null, false, "runtime-deps:10.0-noble-chiseled-extra")]
    [DataRow("trimmed", true, "noble", null, false, "runtime-deps:10.0-noble")]
    public void RuntimeImage_ShapeFamilyAndGlobalization_IsTheSdksChoice(string shape, bool invariant, string? family, string? rid, bool console, string expected)
    {
        Assert.AreEqual(Mcr + expected, BaseImageSelector.RuntimeImage(Request(shape, family, rid, invariant, web: !console)));
    }

    [TestMethod]
    [DataRow("framework", null, null, "sdk:10.0")]
    [DataRow("self-contained", "noble-chiseled", null, "sdk:10.0")]
    [DataRow("aot", null, null, "sdk:10.0-noble-aot")]
    [DataRow("aot", "noble-chiseled", null, "sdk:10.0-noble-aot")]
    [DataRow("framework", "alpine", null, "sdk:10.0-alpine")]
    [DataRow("aot", "alpine", null, "sdk:10.0-alpine-aot")]
    [DataRow("aot", null, "linux-musl-x64", "sdk:10.0-alpine-aot")]
    [DataRow("trimmed", null, "linux-musl-arm64", "sdk:10.0-alpine")]
    public void SdkImage_ShapeAndFamily_CanBuildThatApp(string shape, string? family, string? rid, string expected)
    {
        Assert.AreEqual(Mcr + expected, BaseImageSelector.SdkImage(Request(shape, family, rid)));
    }

    [TestMethod]
    public void Images_BeforeDotNet8_HaveNoChiseledExtraOrAotVariants()
    {
        var request = Request("aot") with { TargetFrameworkVersion = "v7.0" };

        Assert.AreEqual(Mcr + "runtime-deps:7.0", BaseImageSelector.RuntimeImage(request));
        Assert.AreEqual(Mcr + "sdk:7.0", BaseImageSelector.SdkImage(request));
        Assert.AreEqual(Mcr + "runtime-deps:7.0-jammy-chiseled", BaseImageSelector.RuntimeImage(request with { Family = "jammy-chiseled" }));
    }

    [TestMethod]
    [DataRow("alpine", null, true)]
    [DataRow("Alpine3.22", null, true)]
    [DataRow(null, "linux-musl-x64", true)]
    [DataRow("noble-chiseled", null, false)]
    [DataRow(null, "linux-x64", false)]
    [DataRow(null, null, false)]
    public void IsMusl_FamilyOrRid_SaysWhetherTheAppRunsOnMusl(string? family, string? rid, bool expected)
    {
        Assert.AreEqual(expected, BaseImageSelector.IsMusl(Request("framework", family, rid)));
    }
}
