using ContainerStages.Dockerfile;
using ContainerStages.Inputs;
using ContainerStages.Labels;
using ContainerStages.Planning;
using ContainerStages.Stacks.DotNet;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Planning;

/// <summary>The checks and decisions of <see cref="BuildPlanner.Plan"/>, on a web app in a temp tree.</summary>
[TestClass]
public sealed class BuildPlannerTests
{
    private const string UserDockerfile =
        "# My own Dockerfile.\nFROM mcr.microsoft.com/dotnet/sdk:10.0 AS Build\nRUN dotnet publish -o /out\nFROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final\nCOPY --from=build /out .\n";

    private static (ProjectDescription Project, ContainerSettings Settings) WebApp(TempTree tree)
    {
        string project = tree.WriteFile("src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");
        string assets = AssetsFile.Write(project);
        return (
            new ProjectDescription
            {
                ProjectPath = project,
                AssetsFilePath = assets,
                AssemblyName = "App",
                TargetFileName = "App.dll",
                TargetFrameworkVersion = "v10.0",
                TargetFramework = "net10.0",
                OutputType = "Exe",
                IsWebProject = true,
                Configuration = "Release",
                Version = "1.0.0",
            },
            new ContainerSettings
            {
                DockerfilePath = tree.FullPath("src/App/Dockerfile"),
                Target = "runtime",
            });
    }

    private static ContainerStagesException PlanFails(ProjectDescription project, ContainerSettings settings) =>
        Assert.ThrowsExactly<ContainerStagesException>(() => BuildPlanner.Plan(project, settings));

    [TestMethod]
    public void Plan_WebAppWithDefaults_GeneratesTheFourStageDockerfile()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings);

        Assert.AreEqual(tree.FullPath("src/App"), plan.ContextDirectory);
        Assert.AreEqual(tree.FullPath("src/App/Dockerfile"), plan.DockerfilePath);
        Assert.AreEqual("runtime", plan.Target);
        CollectionAssert.AreEqual(DotNetStages.All.ToArray(), plan.Stages.ToArray());
        Assert.AreEqual("mcr.microsoft.com/dotnet/aspnet:10.0", plan.BaseImage);
        Assert.AreEqual("mcr.microsoft.com/dotnet/sdk:10.0", plan.SdkImage);
        CollectionAssert.AreEqual(new[] { "App.csproj" }, plan.RestoreInputFiles.ToArray());
        Assert.AreEqual(
            DotNetDockerfileWriter.Write(new DotNetDockerfileSpec
            {
                ProjectPath = "App.csproj",
                EntryAssemblyFileName = "App.dll",
                SdkImage = "mcr.microsoft.com/dotnet/sdk:10.0",
                BaseImage = "mcr.microsoft.com/dotnet/aspnet:10.0",
                Configuration = "Release",
                RestoreInputFiles = ["App.csproj"],
                WorkingDirectory = "/app",
                Image = new ImageSettings
                {
                    Ports = [new ContainerPort(8080, "tcp")],
                    BuildArgumentLabels = [new BuildArgumentLabel(ImageLabels.Created, ImageLabels.CreatedArgument)],
                },
                BuildDescriptionFiles = ["Dockerfile", "Dockerfile.dockerignore", ".dockerignore"],
                CompilesOneProject = true,
            }),
            plan.GeneratedDockerfile);
    }

    [TestMethod]
    public void Plan_SelfContainedSingleFileFromTheCommandLine_PassesTheShapeToEveryDotnetCommand()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        project = project with { SelfContained = true, PublishSingleFile = true, RuntimeIdentifier = "linux-x64" };

        string dockerfile = BuildPlanner.Plan(project, settings).GeneratedDockerfile!;

        foreach (string command in new[] { "dotnet restore", "dotnet publish" })
        {
            string line = dockerfile.Split('\n').Single(l => !l.StartsWith('#') && l.Contains(command, StringComparison.Ordinal));
            StringAssert.Contains(line, " -r linux-x64 -p:SelfContained=true -p:PublishSingleFile=true", command);
        }

        StringAssert.Contains(dockerfile, "FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime");
        StringAssert.Contains(dockerfile, "ENTRYPOINT [\"/app/App\"]");
    }

    [TestMethod]
    public void Plan_AppOverOneLibrary_BuildsWithOneMSBuildNode_ASingleProjectWithMSBuildsDefault()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        string single = BuildPlanner.Plan(project, settings).GeneratedDockerfile!;

        tree.WriteFile("src/App/App.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><ProjectReference Include=\"../Lib/Lib.csproj\" /></ItemGroup></Project>");
        string library = tree.WriteFile("src/Lib/Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        AssetsFile.Write(project.ProjectPath, [library]);
        string chain = BuildPlanner.Plan(project, settings).GeneratedDockerfile!;

        Assert.DoesNotContain(" -m:1", single);
        string build = chain.Split('\n').Single(l => l.TrimStart().StartsWith("dotnet publish ", StringComparison.Ordinal));
        StringAssert.Contains(build, " -m:1 ");
        Assert.DoesNotContain(" -m:1", chain.Split('\n').Single(l => l.Contains("dotnet restore", StringComparison.Ordinal)));

        // One project compiles once: no compiler server. Over a library the server compiles the app warm.
        StringAssert.Contains(single.Split('\n').Single(l => l.TrimStart().StartsWith("dotnet publish ", StringComparison.Ordinal)), " -p:UseSharedCompilation=false ");
        Assert.DoesNotContain("UseSharedCompilation", chain);
    }

    [TestMethod]
    public void Plan_FrameworkDependentApp_PassesNoDeploymentProperties()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        Assert.DoesNotContain("-p:SelfContained", BuildPlanner.Plan(project, settings).GeneratedDockerfile!);
    }

    [TestMethod]
    public void Plan_WebAppWithoutPorts_ExposesTheAspNetDefaultPort()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        Assert.Contains("\nEXPOSE 8080/tcp\n", BuildPlanner.Plan(project, settings).GeneratedDockerfile!);
    }

    [TestMethod]
    public void Plan_WebAppWithPorts_ExposesOnlyThose()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        string text = BuildPlanner.Plan(project, settings with { Ports = [("5000", null)] }).GeneratedDockerfile!;

        Assert.Contains("\nEXPOSE 5000/tcp\n", text);
        Assert.DoesNotContain("EXPOSE 8080", text);
    }

    [TestMethod]
    public void Plan_ConsoleAppWithoutPorts_ExposesNothing()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        Assert.DoesNotContain("EXPOSE", BuildPlanner.Plan(project with { IsWebProject = false }, settings).GeneratedDockerfile!);
    }

    [TestMethod]
    public void Plan_ConsoleApp_UsesTheRuntimeImage()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project with { IsWebProject = false }, settings);

        Assert.AreEqual("mcr.microsoft.com/dotnet/runtime:10.0", plan.BaseImage);
    }

    [TestMethod]
    public void Plan_ImageOverrides_AreUsedWithoutReadingTheFrameworkVersion()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(
            project with { TargetFrameworkVersion = "vNext" },
            settings with { BaseImage = " registry.example.com/base:1 ", SdkImage = "registry.example.com/sdk:1" });

        Assert.AreEqual("registry.example.com/base:1", plan.BaseImage);
        Assert.AreEqual("registry.example.com/sdk:1", plan.SdkImage);
        Assert.Contains("FROM --platform=$BUILDPLATFORM registry.example.com/sdk:1 AS restore\n", plan.GeneratedDockerfile!);
        Assert.Contains("FROM registry.example.com/base:1 AS runtime-base\n", plan.GeneratedDockerfile!);
    }

    [TestMethod]
    public void Plan_UnsupportedFrameworkVersionWithoutOverrides_ThrowsUnsupportedTargetFramework()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        Assert.AreEqual("UnsupportedTargetFramework", PlanFails(project with { TargetFrameworkVersion = "v4.8" }, settings).ResourceName);
    }

    [TestMethod]
    [DataRow("Library")]
    [DataRow("Module")]
    [DataRow("")]
    public void Plan_ClassLibrary_ThrowsNotAnApplication(string outputType)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project with { OutputType = outputType }, settings);

        Assert.AreEqual("NotAnApplication", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { project.ProjectPath, "class library" }, error.Arguments);
    }

    [TestMethod]
    [DataRow("Exe")]
    [DataRow("exe")]
    [DataRow("WinExe")]
    public void Plan_ExecutableOutputType_IsAnApplication(string outputType)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        Assert.IsNotNull(BuildPlanner.Plan(project with { OutputType = outputType }, settings).GeneratedDockerfile);
    }

    [TestMethod]
    public void Plan_TestProject_ThrowsNotAnApplication()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project with { IsTestProject = true }, settings);

        Assert.AreEqual("NotAnApplication", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { project.ProjectPath, "test project" }, error.Arguments);
    }

    [TestMethod]
    public void Plan_TargetFrameworksWithoutTargetFramework_ThrowsNoTargetFramework()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project with { TargetFrameworks = "net8.0;net10.0", TargetFramework = null }, settings);

        Assert.AreEqual("NoTargetFramework", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { project.ProjectPath, "net8.0;net10.0" }, error.Arguments);
    }

    [TestMethod]
    public void Plan_TargetFrameworksWithChosenTargetFramework_PassesItToBuildAndPublish()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project with { TargetFrameworks = "net8.0;net10.0", TargetFramework = "net10.0" }, settings);

        Assert.Contains(" -f net10.0 ", plan.GeneratedDockerfile!);
    }

    [TestMethod]
    public void Plan_SingleTargetFramework_PassesNoFrameworkOption()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        Assert.DoesNotContain(" -f net10.0", BuildPlanner.Plan(project, settings).GeneratedDockerfile!);
    }

    [TestMethod]
    [DataRow("App", "app")]
    [DataRow("My.Cool App", "my.cool-app")]
    [DataRow("_Service_", "service")]
    public void Plan_NoRepository_NormalizesTheAssemblyName(string assemblyName, string expected)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        Assert.AreEqual(expected, BuildPlanner.Plan(project with { AssemblyName = assemblyName }, settings).Repository);
    }

    [TestMethod]
    public void Plan_AssemblyNameWithNothingUsable_ThrowsInvalidRepository()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project with { AssemblyName = "!!!" }, settings);

        Assert.AreEqual("InvalidRepository", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { "!!!" }, error.Arguments);
    }

    [TestMethod]
    [DataRow("registry.example.com:5000/team/app")]
    [DataRow("  team/app  ")]
    public void Plan_ValidRepository_IsUsedTrimmed(string repository)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        Assert.AreEqual(repository.Trim(), BuildPlanner.Plan(project, settings with { Repository = repository }).Repository);
    }

    [TestMethod]
    [DataRow("My App")]
    [DataRow("MyApp")]
    [DataRow("app-")]
    [DataRow("team//app")]
    public void Plan_InvalidRepository_ThrowsInvalidRepository(string repository)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { Repository = repository });

        Assert.AreEqual("InvalidRepository", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { repository }, error.Arguments);
    }

    [TestMethod]
    public void Plan_NoTagSet_TagsWithTheVersion()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project with { Version = "2.3.4-beta.1" }, settings);

        CollectionAssert.AreEqual(new[] { "2.3.4-beta.1" }, plan.Tags.ToArray());
        CollectionAssert.AreEqual(new[] { "app:2.3.4-beta.1" }, plan.ImageReferences.ToArray());
    }

    [TestMethod]
    public void Plan_ImageTag_ReplacesTheVersion()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        CollectionAssert.AreEqual(new[] { "beta" }, BuildPlanner.Plan(project, settings with { ImageTag = "beta" }).Tags.ToArray());
    }

    [TestMethod]
    public void Plan_ImageTags_WinOverImageTagAndDropDuplicates()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { ImageTag = "ignored", ImageTags = "1.0;latest; 1.0 ;" });

        CollectionAssert.AreEqual(new[] { "1.0", "latest" }, plan.Tags.ToArray());
        CollectionAssert.AreEqual(new[] { "app:1.0", "app:latest" }, plan.ImageReferences.ToArray());
    }

    [TestMethod]
    [DataRow(null, "-bad", "-bad")]
    [DataRow(null, "1.0;.hidden", ".hidden")]
    [DataRow("has space", null, "has space")]
    public void Plan_InvalidTag_ThrowsInvalidTag(string? imageTag, string? imageTags, string expectedTag)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { ImageTag = imageTag, ImageTags = imageTags });

        Assert.AreEqual("InvalidTag", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { expectedTag }, error.Arguments);
    }

    [TestMethod]
    public void Plan_VersionThatIsNoTag_ThrowsInvalidTag()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project with { Version = "1.0.0+sha.abc" }, settings);

        Assert.AreEqual("InvalidTag", error.ResourceName);
    }

    [TestMethod]
    public void Plan_Ports_AreExposedOnceWithTheirProtocol()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { Ports = [("8080", null), ("8080", "TCP"), ("53", "udp"), ("443", "")] });

        Assert.Contains("EXPOSE 8080/tcp\nEXPOSE 53/udp\nEXPOSE 443/tcp\n", plan.GeneratedDockerfile!);
    }

    [TestMethod]
    [DataRow("0", null, "0")]
    [DataRow("65536", null, "65536")]
    [DataRow("http", null, "http")]
    [DataRow("+80", null, "+80")]
    [DataRow(" 80", null, " 80")]
    [DataRow("-1", null, "-1")]
    [DataRow("80", "sctp", "80 (sctp)")]
    public void Plan_InvalidPort_ThrowsInvalidPort(string port, string? type, string expectedArgument)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { Ports = [(port, type)] });

        Assert.AreEqual("InvalidPort", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { expectedArgument }, error.Arguments);
    }

    [TestMethod]
    public void Plan_EnvironmentVariables_LastValueOfANameWinsInFirstOrder()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with
        {
            EnvironmentVariables = [KeyValuePair.Create("B", "1"), KeyValuePair.Create("A", "$HOME"), KeyValuePair.Create("B", "2")],
        });

        Assert.Contains("ENV B=\"2\"\nENV A=\"\\$HOME\"\n", plan.GeneratedDockerfile!);
    }

    [TestMethod]
    [DataRow("1ABC")]
    [DataRow("A-B")]
    [DataRow("")]
    public void Plan_InvalidEnvironmentVariableName_ThrowsInvalidEnvironmentVariableName(string name)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { EnvironmentVariables = [KeyValuePair.Create(name, "x")] });

        Assert.AreEqual("InvalidEnvironmentVariableName", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { name }, error.Arguments);
    }

    [TestMethod]
    [DataRow("line1\nline2")]
    [DataRow("line1\r\nline2")]
    [DataRow("cr\ronly")]
    public void Plan_MultilineEnvironmentValue_ThrowsMultilineValue(string value)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { EnvironmentVariables = [KeyValuePair.Create("NAME", value)] });

        Assert.AreEqual("MultilineValue", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { "ContainerEnvironmentVariable", "NAME" }, error.Arguments);
    }

    [TestMethod]
    public void Plan_Labels_AreWrittenQuoted()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { Labels = [KeyValuePair.Create("org.opencontainers.image.vendor", "ACME \"Inc\"")] });

        Assert.Contains("LABEL \"org.opencontainers.image.vendor\"=\"ACME \\\"Inc\\\"\"\n", plan.GeneratedDockerfile!);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("has space")]
    [DataRow("tab\tname")]
    [DataRow("quote\"d")]
    [DataRow("it's")]
    [DataRow("a=b")]
    public void Plan_InvalidLabelName_ThrowsInvalidLabelName(string name)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { Labels = [KeyValuePair.Create(name, "x")] });

        Assert.AreEqual("InvalidLabelName", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { name }, error.Arguments);
    }

    [TestMethod]
    public void Plan_MultilineLabelValue_ThrowsMultilineValue()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { Labels = [KeyValuePair.Create("description", "two\nlines")] });

        Assert.AreEqual("MultilineValue", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { "ContainerLabel", "description" }, error.Arguments);
    }

    [TestMethod]
    public void Plan_UserAndWorkingDirectory_AreWrittenToTheRuntimeStage()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { User = " 1000:1000 ", WorkingDirectory = "/srv/app" });

        Assert.Contains("WORKDIR /srv/app\n", plan.GeneratedDockerfile!);
        Assert.Contains("USER 1000:1000\n", plan.GeneratedDockerfile!);
    }

    [TestMethod]
    [DataRow("Sources", "sources")]
    [DataRow(" Publish ", "publish")]
    [DataRow("RESTORE", "restore")]
    public void Plan_TargetInAnyCase_IsTheLowerCaseStage(string target, string expected)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        Assert.AreEqual(expected, BuildPlanner.Plan(project, settings with { Target = target }).Target);
    }

    [TestMethod]
    public void Plan_UnknownTarget_ThrowsUnknownTargetStageListingTheStages()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { Target = "test" });

        Assert.AreEqual("UnknownTargetStage", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { "test", "restore, sources, publish, runtime-base, runtime-with-publish, runtime-with-host-publish, runtime" }, error.Arguments);
        Assert.AreEqual(settings.DockerfilePath, error.File);
    }

    [TestMethod]
    public void Plan_UserOwnedDockerfile_IsNotGeneratedAndItsStagesAreUsed()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        tree.WriteFile("src/App/Dockerfile", UserDockerfile);

        var plan = BuildPlanner.Plan(project, settings with { Target = "Final" });

        Assert.IsNull(plan.GeneratedDockerfile);
        CollectionAssert.AreEqual(new[] { "build", "final" }, plan.Stages.ToArray());
        Assert.AreEqual("final", plan.Target);
        Assert.AreEqual(tree.FullPath("src/App"), plan.ContextDirectory);
    }

    [TestMethod]
    public void Plan_UserOwnedDockerfileWithoutTheTarget_ThrowsUnknownTargetStageListingItsStages()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        tree.WriteFile("src/App/Dockerfile", UserDockerfile);

        var error = PlanFails(project, settings);

        Assert.AreEqual("UnknownTargetStage", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { "runtime", "build, final" }, error.Arguments);
    }

    [TestMethod]
    public void Plan_UserOwnedDockerfileWithoutNamedStages_SaysThereAreNone()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        tree.WriteFile("src/App/Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY out/ .\n");

        var error = PlanFails(project, settings);

        Assert.AreEqual("UnknownTargetStage", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { "runtime", "(none: no FROM ... AS name)" }, error.Arguments);
    }

    [TestMethod]
    public void Plan_PreviouslyGeneratedDockerfile_IsGeneratedAgain()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        tree.WriteFile("src/App/Dockerfile", DockerfileHeader.Marker + "\nFROM old AS runtime\n");

        var plan = BuildPlanner.Plan(project, settings);

        Assert.IsNotNull(plan.GeneratedDockerfile);
        Assert.DoesNotContain("FROM old", plan.GeneratedDockerfile);
    }

    [TestMethod]
    public void Plan_MissingAssetsFile_ThrowsAssetsFileMissing()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        File.Delete(project.AssetsFilePath);

        var error = PlanFails(project, settings);

        Assert.AreEqual("AssetsFileMissing", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { project.AssetsFilePath }, error.Arguments);
    }

    [TestMethod]
    public void Plan_ContextDirectorySetting_MakesTheProjectPathRelativeToIt()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { ContextDirectory = tree.Root });

        Assert.AreEqual(tree.Root, plan.ContextDirectory);
        Assert.Contains("COPY [\"src/App/App.csproj\", \"src/App/\"]\n", plan.GeneratedDockerfile!);
        Assert.Contains("dotnet restore src/App/App.csproj\n", plan.GeneratedDockerfile!);
    }

    [TestMethod]
    public void Plan_ContextDirectorySettingNotHoldingTheProject_ThrowsFileOutsideContext()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var error = PlanFails(project, settings with { ContextDirectory = tree.CreateFolder("elsewhere") });

        Assert.AreEqual("FileOutsideContext", error.ResourceName);
    }

    [TestMethod]
    public void Plan_SameInputsTwice_GivesTheSameDockerfile()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        Assert.AreEqual(BuildPlanner.Plan(project, settings).GeneratedDockerfile, BuildPlanner.Plan(project, settings).GeneratedDockerfile);
    }
    [TestMethod]
    public void Plan_AotApp_BuildsOnTheAotSdkAndRunsOnChiseledRuntimeDeps()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        project = project with { IsWebProject = false, PublishAot = true, InvariantGlobalization = true };

        var plan = BuildPlanner.Plan(project, settings);

        Assert.AreEqual("mcr.microsoft.com/dotnet/sdk:10.0-noble-aot", plan.SdkImage);
        Assert.AreEqual("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled", plan.BaseImage);
        StringAssert.Contains(plan.GeneratedDockerfile!, "ENTRYPOINT [\"/app/App\"]");
        StringAssert.Contains(plan.GeneratedDockerfile!, " -a $TARGETARCH -p:PublishAot=true");
    }

    [TestMethod]
    public void Plan_UserImagesAndFamily_UserImagesWin()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        project = project with { PublishAot = true };
        settings = settings with { Family = "noble-chiseled", BaseImage = "my/base:1", SdkImage = "my/sdk:1" };

        var plan = BuildPlanner.Plan(project, settings);

        Assert.AreEqual("my/base:1", plan.BaseImage);
        Assert.AreEqual("my/sdk:1", plan.SdkImage);
    }

    [TestMethod]
    public void Plan_AlpineFamilyWithoutRid_BuildsPortableOnTheAlpineSdk()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        settings = settings with { Family = "alpine" };

        var plan = BuildPlanner.Plan(project, settings);

        // A framework-dependent app without a RID runs on musl as it is, as the SDK's publish makes it.
        Assert.AreEqual("mcr.microsoft.com/dotnet/aspnet:10.0-alpine", plan.BaseImage);
        Assert.AreEqual("mcr.microsoft.com/dotnet/sdk:10.0-alpine", plan.SdkImage);
        StringAssert.Contains(plan.GeneratedDockerfile!, "dotnet restore App.csproj\n");
        StringAssert.Contains(plan.GeneratedDockerfile!, "dotnet publish App.csproj -c $BUILD_CONFIGURATION -p:UseAppHost=false");
        Assert.IsTrue(plan.HostPublish.Usable);
        Assert.IsNull(plan.HostPublish.Platform);
    }

    [TestMethod]
    [DataRow("restore")]
    [DataRow("sources")]
    [DataRow("publish")]
    public void Plan_AStageOtherThanTheRuntime_IsBuiltAsWrittenWithoutAWordNorASizeComparison(string target)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        var plan = BuildPlanner.Plan(project, settings with { Target = target });

        Assert.IsFalse(plan.HostPublish.Usable);
        Assert.IsNull(plan.HostPublish.Reason);
        Assert.IsNull(plan.SingleStageTarget);
        Assert.AreEqual("publish", BuildPlanner.Plan(project, settings).SingleStageTarget);
    }

    [TestMethod]
    public void Plan_AlpineFamilySelfContainedWithoutRid_BuildsForMuslAndTargetArch()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        project = project with { SelfContained = true };
        settings = settings with { Family = "alpine" };

        var plan = BuildPlanner.Plan(project, settings);

        StringAssert.Contains(plan.GeneratedDockerfile!, "dotnet restore App.csproj --os linux-musl -a $TARGETARCH -p:SelfContained=true\n");
        StringAssert.Contains(plan.GeneratedDockerfile!, "dotnet publish App.csproj -c $BUILD_CONFIGURATION --os linux-musl -a $TARGETARCH -p:SelfContained=true");
    }

    [TestMethod]
    public void Plan_AlpineFamilyWithMuslRid_KeepsTheRid()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        settings = settings with { Family = "alpine", RuntimeIdentifier = "linux-musl-arm64" };

        string dockerfile = BuildPlanner.Plan(project, settings).GeneratedDockerfile!;

        StringAssert.Contains(dockerfile, " -r linux-musl-arm64");
        Assert.DoesNotContain("--os", dockerfile);
    }

    [TestMethod]
    public void Plan_AlpineFamilyWithGlibcRid_FailsWithFamilyNeedsMuslRuntimeIdentifier()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        settings = settings with { Family = "alpine", RuntimeIdentifier = "linux-x64" };

        var error = PlanFails(project, settings);

        Assert.AreEqual("FamilyNeedsMuslRuntimeIdentifier", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { "alpine", "linux-x64" }, error.Arguments);
    }

    [TestMethod]
    [DataRow("noble chiseled")]
    [DataRow("-alpine")]
    [DataRow("alpine:3")]
    public void Plan_FamilyThatIsNoTagSuffix_FailsWithInvalidContainerFamily(string family)
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        settings = settings with { Family = family };

        Assert.AreEqual("InvalidContainerFamily", PlanFails(project, settings).ResourceName);
    }

    [TestMethod]
    public void Plan_LabelValues_AreWrittenAndPerBuildOnesAreArguments()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        settings = settings with { LabelVersion = "1.2.3", LabelTitle = "App", LabelDescription = "Line one\nline two", UnderSourceControl = true, HasSourceUrl = true };

        string dockerfile = BuildPlanner.Plan(project, settings).GeneratedDockerfile!;

        StringAssert.Contains(dockerfile, "LABEL \"org.opencontainers.image.version\"=\"1.2.3\"\n");
        StringAssert.Contains(dockerfile, "LABEL \"org.opencontainers.image.title\"=\"App\"\n");
        StringAssert.Contains(dockerfile, "LABEL \"org.opencontainers.image.description\"=\"Line one line two\"\n");
        StringAssert.EndsWith(dockerfile,
            "ARG CONTAINERSTAGES_IMAGE_CREATED\nARG CONTAINERSTAGES_IMAGE_SOURCE\nARG CONTAINERSTAGES_IMAGE_REVISION\n"
            + "LABEL \"org.opencontainers.image.created\"=\"${CONTAINERSTAGES_IMAGE_CREATED}\"\n"
            + "LABEL \"org.opencontainers.image.source\"=\"${CONTAINERSTAGES_IMAGE_SOURCE}\"\n"
            + "LABEL \"org.opencontainers.image.revision\"=\"${CONTAINERSTAGES_IMAGE_REVISION}\"\n");
    }

    [TestMethod]
    public void Plan_UserLabelOfTheSameName_WinsOverTheGeneratedOne()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        settings = settings with
        {
            LabelVersion = "1.2.3",
            UnderSourceControl = true,
            Labels = [KeyValuePair.Create("org.opencontainers.image.version", "mine"), KeyValuePair.Create("org.opencontainers.image.created", "yesterday")],
        };

        string dockerfile = BuildPlanner.Plan(project, settings).GeneratedDockerfile!;

        StringAssert.Contains(dockerfile, "LABEL \"org.opencontainers.image.version\"=\"mine\"\n");
        Assert.DoesNotContain("1.2.3", dockerfile);
        Assert.DoesNotContain("CONTAINERSTAGES_IMAGE_CREATED", dockerfile);
        StringAssert.Contains(dockerfile, "LABEL \"org.opencontainers.image.created\"=\"yesterday\"\n");
        StringAssert.Contains(dockerfile, "ARG CONTAINERSTAGES_IMAGE_REVISION\n");
    }

    [TestMethod]
    public void Plan_GenerateLabelsFalse_WritesNoGeneratedLabel()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);
        settings = settings with { GenerateLabels = false, LabelVersion = "1.2.3", LabelTitle = "App", UnderSourceControl = true };

        string dockerfile = BuildPlanner.Plan(project, settings).GeneratedDockerfile!;

        Assert.DoesNotContain("LABEL", dockerfile);
        Assert.DoesNotContain("ARG CONTAINERSTAGES_IMAGE", dockerfile);
    }

    [TestMethod]
    public void Plan_OutsideSourceControl_HasNoSourceOrRevisionLabel()
    {
        using var tree = new TempTree();
        var (project, settings) = WebApp(tree);

        string dockerfile = BuildPlanner.Plan(project, settings).GeneratedDockerfile!;

        StringAssert.Contains(dockerfile, "ARG CONTAINERSTAGES_IMAGE_CREATED\n");
        Assert.DoesNotContain("image.source", dockerfile);
        Assert.DoesNotContain("image.revision", dockerfile);
    }
}
