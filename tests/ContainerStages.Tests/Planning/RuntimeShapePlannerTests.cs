using ContainerStages.Dockerfile;
using ContainerStages.Inputs;
using ContainerStages.Planning;

namespace ContainerStages.Tests.Planning;

/// <summary>The planner's checks of OS packages, writable folders, health checks, the app command and the user.</summary>
[TestClass]
public sealed class RuntimeShapePlannerTests
{
    private static (ProjectDescription Project, ContainerSettings Settings) WebApp(TempTree tree)
    {
        var (project, settings) = PlannerWebApp.Create(tree);
        return (project, settings with { Target = "runtime" });
    }

    private static ContainerStagesException PlanFails(ProjectDescription project, ContainerSettings settings) =>
        Assert.ThrowsExactly<ContainerStagesException>(() => BuildPlanner.Plan(project, settings));

    [TestMethod]
    public void Plan_OsPackagesOnTheDefaultBase_InstallsThemSortedWithAptBeforeTheAppFiles()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { OsPackages = ["tzdata", "curl", " tzdata "] });

        string text = plan.GeneratedDockerfile!;
        StringAssert.Contains(text, "apt-get install -y --no-install-recommends curl tzdata \\\n");
        Assert.IsLessThan(text.IndexOf("COPY --from=publish /app/publish .", StringComparison.Ordinal), text.IndexOf("apt-get update", StringComparison.Ordinal));
        Assert.AreEqual("OsPackagesInstalled", plan.Messages.Single().Resource);
    }

    [TestMethod]
    [DataRow("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", "mcr.microsoft.com/dotnet/aspnet:10.0-noble")]
    [DataRow("mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled-extra", "mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy")]
    [DataRow("mcr.microsoft.com/dotnet/aspnet:8.0-azurelinux3.0-distroless", "mcr.microsoft.com/dotnet/aspnet:8.0-azurelinux3.0")]
    [DataRow("gcr.io/distroless/base", "mcr.microsoft.com/dotnet/aspnet:10.0")]
    public void Plan_OsPackagesOnAChiseledOrDistrolessBase_ThrowsNoPackageManagerNamingABaseToUse(string baseImage, string instead)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { BaseImage = baseImage, OsPackages = ["tzdata"] });

        Assert.AreEqual("NoPackageManager", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { baseImage, "tzdata", instead }, error.Arguments);
    }

    [TestMethod]
    public void Plan_ChiseledBaseWithoutOsPackages_IsFine()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { BaseImage = "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled" });

        Assert.DoesNotContain("apt-get", plan.GeneratedDockerfile!);
    }

    [TestMethod]
    [DataRow("Curl")]
    [DataRow("curl; rm -rf /")]
    [DataRow("c")]
    [DataRow("-y")]
    [DataRow("curl=latest")]
    public void Plan_InvalidOsPackageName_ThrowsInvalidOsPackage(string package)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { OsPackages = [package] });

        Assert.AreEqual("InvalidOsPackage", error.ResourceName);
        Assert.AreEqual(package.Trim(), error.Arguments[0]);
    }

    [TestMethod]
    public void Plan_UnknownBase_DetectsThePackageManagerAndSaysSo()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { BaseImage = "containerstages-standin/aspnet:10.0", OsPackages = ["curl"] });

        StringAssert.Contains(plan.GeneratedDockerfile!, "RUN if command -v apt-get >/dev/null 2>&1; then");
        Assert.AreEqual("OsPackagesDetectManager", plan.Messages.Single().Resource);
    }

    [TestMethod]
    [DataRow("root")]
    [DataRow("0")]
    [DataRow("0:0")]
    [DataRow("root:app")]
    public void Plan_RootUser_WarnsRunsAsRoot(string user)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { User = user });

        var warning = plan.Warnings.Single();
        Assert.AreEqual("RunsAsRoot", warning.Resource);
        Assert.AreEqual(user, warning.Arguments[0]);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("app")]
    [DataRow("1654")]
    [DataRow("rootless")]
    [DataRow("1000:0")]
    public void Plan_NonRootUser_DoesNotWarn(string? user)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { User = user });

        Assert.IsEmpty(plan.Warnings);
    }

    [TestMethod]
    [DataRow("Cmd")]
    [DataRow("1")]
    [DataRow("entry point")]
    public void Plan_UnknownAppCommandInstruction_ThrowsInvalidAppCommandInstruction(string instruction)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { AppCommandInstruction = instruction });

        Assert.AreEqual("InvalidAppCommandInstruction", error.ResourceName);
    }

    [TestMethod]
    public void Plan_NoneWithAppCommandArgs_ThrowsInvalidAppCommandInstruction()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { AppCommandInstruction = "None", AppCommandArgs = ["--x"] });

        Assert.AreEqual("InvalidAppCommandInstruction", error.ResourceName);
    }

    [TestMethod]
    public void Plan_AppCommandItems_WriteTheEntrypointAndCmd()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        string text = BuildPlanner.Plan(project, settings with { AppCommandArgs = ["--urls", "http://+:9000"], DefaultArgs = ["--verbose"], AppCommandInstruction = "entrypoint" }).GeneratedDockerfile!;

        StringAssert.Contains(text, "\nENTRYPOINT [\"dotnet\", \"App.dll\", \"--urls\", \"http://+:9000\"]\nCMD [\"--verbose\"]\n");
    }

    [TestMethod]
    public void Plan_WritablePathsAndHealthCheck_ReachTheRuntimeStage()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        string text = BuildPlanner.Plan(project, settings with
        {
            WritablePaths = ["data", "/var/log/app"],
            HealthCheck = "[\"/app/probe\"]",
            HealthCheckInterval = "10s",
        }).GeneratedDockerfile!;

        StringAssert.Contains(text, "COPY --from=restore --chown=${APP_UID:-1654} [\"/containerstages/empty/\", \"/app/data/\"]\n");
        StringAssert.Contains(text, "COPY --from=restore --chown=${APP_UID:-1654} [\"/containerstages/empty/\", \"/var/log/app/\"]\n");
        StringAssert.Contains(text, "HEALTHCHECK --interval=10s CMD [\"/app/probe\"]\n");
    }
}
