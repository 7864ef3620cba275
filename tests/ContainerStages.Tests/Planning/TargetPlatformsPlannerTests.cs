using ContainerStages.Planning;

namespace ContainerStages.Tests.Planning;

/// <summary>ContainerRuntimeIdentifiers (and the project's RuntimeIdentifiers) in <see cref="BuildPlanner.Plan"/>: the platforms of a publish.</summary>
[TestClass]
public sealed class TargetPlatformsPlannerTests
{
    private static (ContainerStages.Inputs.ProjectDescription Project, ContainerStages.Inputs.ContainerSettings Settings) WebApp(TempTree tree) => PlannerWebApp.Create(tree);

    [TestMethod]
    public void TwoRids_FrameworkDependent_BuildsOnePortableAppForBothPlatforms()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { RuntimeIdentifiers = ["linux-x64", "linux-arm64"] });

        CollectionAssert.AreEqual(new[] { "linux/amd64", "linux/arm64" }, plan.Platforms.ToArray());
        Assert.IsNull(plan.Platform);
        Assert.DoesNotContain("TARGETARCH", plan.GeneratedDockerfile!);
        Assert.DoesNotContain(" -r ", plan.GeneratedDockerfile!);
        Assert.IsTrue(plan.HostPublish.Usable);
        Assert.IsNull(plan.HostPublish.Platform, "Portable output fits every platform.");
    }

    [TestMethod]
    public void TwoRids_SelfContained_CrossCompilesForEachTargetArch()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project with { SelfContained = true }, settings with { RuntimeIdentifiers = ["linux-x64", "linux-arm64"] });

        StringAssert.Contains(plan.GeneratedDockerfile!, "dotnet restore App.csproj -a $TARGETARCH -p:SelfContained=true");
        Assert.DoesNotContain(" -r linux", plan.GeneratedDockerfile!);
        StringAssert.Contains(plan.GeneratedDockerfile!, "mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime");
    }

    [TestMethod]
    public void ProjectRuntimeIdentifiers_LinuxOnes_AreThePlatformsWhenNoContainerRidIsSet()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project with { RuntimeIdentifiers = ["win-x64", "linux-x64", "osx-arm64", "linux-arm64"] }, settings);

        CollectionAssert.AreEqual(new[] { "linux/amd64", "linux/arm64" }, plan.Platforms.ToArray());
    }

    [TestMethod]
    public void ProjectRuntimeIdentifiers_AreNotUsedWithASingleRid()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project with { RuntimeIdentifier = "linux-x64", RuntimeIdentifiers = ["linux-x64", "linux-arm64"] }, settings);

        Assert.IsEmpty(plan.Platforms);
        Assert.AreEqual("linux/amd64", plan.Platform, "The app's RID decides the image's platform.");
    }

    [TestMethod]
    public void OneContainerRid_IsTheAppsRidAndItsPlatform()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project with { SelfContained = true }, settings with { RuntimeIdentifiers = ["linux-arm64"] });

        Assert.IsEmpty(plan.Platforms);
        Assert.AreEqual("linux/arm64", plan.Platform);
        StringAssert.Contains(plan.GeneratedDockerfile!, " -r linux-arm64");
    }

    [TestMethod]
    [DataRow("win-x64")]
    [DataRow("linux-mips")]
    public void ContainerRid_WithoutAnImagePlatform_IsCSTG0113(string rid)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => BuildPlanner.Plan(project, settings with { RuntimeIdentifiers = ["linux-x64", rid] }));

        Assert.AreEqual("RuntimeIdentifierHasNoPlatform", error.ResourceName);
        StringAssert.StartsWith(error.Text, "CSTG0113: ");
    }

    [TestMethod]
    public void MuslAndGlibcRids_AreCSTG0114()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => BuildPlanner.Plan(project, settings with { RuntimeIdentifiers = ["linux-x64", "linux-musl-arm64"] }));

        Assert.AreEqual("MixedLibcRuntimeIdentifiers", error.ResourceName);
    }

    [TestMethod]
    public void ContainerStagesPlatformWithSeveralRids_IsCSTG0115()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => BuildPlanner.Plan(project, settings with { RuntimeIdentifiers = ["linux-x64", "linux-arm64"], Platform = "linux/arm64" }));

        Assert.AreEqual("PlatformWithSeveralRuntimeIdentifiers", error.ResourceName);
    }
}
