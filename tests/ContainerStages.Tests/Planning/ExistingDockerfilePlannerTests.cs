using ContainerStages.Dockerfile;
using ContainerStages.Inputs;
using ContainerStages.Planning;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Planning;

/// <summary>How <see cref="BuildPlanner.Plan"/> treats a project folder that already has a Dockerfile of its own.</summary>
[TestClass]
public sealed class ExistingDockerfilePlannerTests
{
    /// <summary>Visual Studio's layout: the solution one folder up, its scaffolded Dockerfile beside the project, no Dockerfile setting.</summary>
    private static (ProjectDescription Project, ContainerSettings Settings) VisualStudioWebApp(TempTree tree)
    {
        tree.WriteFile("Shop.sln");
        tree.WriteFile("Web/Dockerfile", DockerfileChoiceTests.VisualStudioDockerfile);
        return (PlannerWebApp.Create(tree, "Web", "Web").Project, new ContainerSettings());
    }

    [TestMethod]
    public void Plan_HandWrittenDockerfileAndNoSetting_GeneratesDockerfileContainerstagesBesideIt()
    {
        using var tree = new TempTree();
        var (project, settings) = VisualStudioWebApp(tree);

        var plan = BuildPlanner.Plan(project, settings);

        Assert.AreEqual(tree.FullPath("Web/Dockerfile.containerstages"), plan.DockerfilePath);
        Assert.AreEqual(tree.FullPath("Web/Dockerfile"), plan.HandWrittenDockerfile);
        Assert.IsNotNull(plan.GeneratedDockerfile);
        Assert.AreEqual("runtime", plan.Target);
        Assert.AreEqual(tree.FullPath("Web/Dockerfile.containerstages.dockerignore"), plan.DockerIgnorePath);
        Assert.AreEqual(tree.FullPath("Web"), plan.ContextDirectory, "The generated file's context is its own: the project's restore inputs.");
        Assert.IsEmpty(plan.Warnings);
    }

    [TestMethod]
    public void Plan_NamedVisualStudioDockerfile_BuildsItsLastStageFromTheSolutionFolder()
    {
        using var tree = new TempTree();
        var (project, settings) = VisualStudioWebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { DockerfilePath = "Dockerfile" });

        Assert.IsNull(plan.GeneratedDockerfile);
        Assert.AreEqual(tree.FullPath("Web/Dockerfile"), plan.DockerfilePath);
        Assert.AreEqual("final", plan.Target);
        Assert.AreEqual(tree.Root, plan.ContextDirectory);
        Assert.IsTrue(plan.Messages.Any(m => m.Resource == "VisualStudioContext"));
        Assert.IsEmpty(plan.Warnings);
    }

    [TestMethod]
    public void Plan_NamedDockerfileAndContainerStagesContext_TheSettingWins()
    {
        using var tree = new TempTree();
        var (project, settings) = VisualStudioWebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { DockerfilePath = "Dockerfile", ContextDirectory = tree.FullPath("Web") });

        Assert.AreEqual(tree.FullPath("Web"), plan.ContextDirectory);
    }

    [TestMethod]
    public void Plan_NamedDockerfileWithSettingsOnlyAGeneratedFileUses_WarnsNamingThem()
    {
        using var tree = new TempTree();
        var (project, settings) = VisualStudioWebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with
        {
            DockerfilePath = "Dockerfile",
            BaseImage = "example.com/aspnet:10.0",
            SdkImage = "example.com/sdk:10.0",
            Ports = [("5000", null)],
            OsPackages = ["curl"],
            WritablePaths = ["data"],
            HealthCheck = "curl -f http://localhost:8080/",
            AppCommand = ["dotnet", "Web.dll"],
            RunTests = true,
        });

        var warning = plan.Warnings.Single();
        Assert.AreEqual("SettingsIgnoredByOwnDockerfile", warning.Resource);
        Assert.AreEqual(tree.FullPath("Web/Dockerfile"), warning.Arguments[0]);
        Assert.AreEqual(
            "ContainerBaseImage, ContainerStagesSdkImage, ContainerPort, ContainerOsPackage, ContainerStagesWritablePath, ContainerStagesHealthCheck, ContainerAppCommand, ContainerStagesTest",
            warning.Arguments[1]);
    }

    [TestMethod]
    public void Plan_NamedDockerfileWithAnUnknownTarget_ListsItsStages()
    {
        using var tree = new TempTree();
        var (project, settings) = VisualStudioWebApp(tree);

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => BuildPlanner.Plan(project, settings with { DockerfilePath = "Dockerfile", Target = "runtime" }));

        Assert.AreEqual("UnknownTargetStage", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { "runtime", "base, build, publish, final" }, error.Arguments);
    }
}
