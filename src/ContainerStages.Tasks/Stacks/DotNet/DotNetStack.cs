using ContainerStages.Context;
using ContainerStages.Dockerfile;
using ContainerStages.Engine.BuildKit;
using ContainerStages.Inputs;
using ContainerStages.Naming;
using ContainerStages.ProjectModel;
using ContainerStages.Resources;
using static ContainerStages.Inputs.SettingValue;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// A .NET app: the project graph (from NuGet's assets file) decides the restore layer, the deployment
/// properties the shape of the build, the target framework the default images.
/// </summary>
internal sealed class DotNetStack : IContainerStack
{
    private const string DefaultWorkingDirectory = "/app";
    private const string MuslOs = "linux-musl";
    private const string ConfigurationArgument = "BUILD_CONFIGURATION";
    private static readonly ContainerPort DefaultWebPort = new(8080, "tcp");

    public string Name => "dotnet";

    public bool Builds(ProjectDescription project) => project.NodeAppDirectory is null;

    public StackIdentity Describe(ProjectDescription project, ContainerSettings settings)
    {
        CheckIsApplication(project);
        var identity = new StackIdentity
        {
            Name = project.AssemblyName,
            Version = project.Version,
            LabelVersion = settings.LabelVersion,
            LabelTitle = settings.LabelTitle,
            LabelDescription = settings.LabelDescription,

            // The ASP.NET Core images listen on ASPNETCORE_HTTP_PORTS=8080; EXPOSE says so, as the SDK's publish does.
            DefaultPorts = project.IsBlazorWebAssembly ? [StaticSiteStage.Port] : project.IsWebProject ? [DefaultWebPort] : [],
        };

        // In a solution publish the server that hosts a Blazor WebAssembly client ships it; the client gets no image.
        return project.IsBlazorWebAssembly && HostingProjectFinder.Find(project.ProjectPath, settings.SolutionPath) is { } host
            ? identity with { PassedOver = (nameof(Strings.BlazorClientPassedOver), [project.ProjectPath, host]) }
            : identity;
    }

    public StackPlan Plan(StackRequest request)
    {
        var (project, settings, dockerfile) = (request.Project, request.Settings, request.Dockerfile);
        // Several platforms: one Dockerfile builds each, a RID-specific app with -a $TARGETARCH.
        string? runtimeIdentifier = request.Platforms.Count > 0 ? null : ResolveRuntimeIdentifier(project, settings);
        var imageRequest = ResolveImageRequest(project, settings, runtimeIdentifier ?? request.Platforms.FirstOrDefault().RuntimeIdentifier);
        string baseImage = NonEmpty(settings.BaseImage) ?? (project.IsBlazorWebAssembly ? StaticSiteStage.DefaultImage : BaseImageSelector.RuntimeImage(imageRequest));
        string sdkImage = NonEmpty(settings.SdkImage) ?? BaseImageSelector.SdkImage(imageRequest);
        var buildArgs = new Dictionary<string, string>(StringComparer.Ordinal) { [ConfigurationArgument] = project.Configuration };

        var warnings = new List<(string, object?[])>();
        var messages = new List<(string, object?[])>();
        var assets = ProjectAssets.Read(project.AssetsFilePath);
        if (dockerfile.UserOwned)
        {
            var restore = RestoreInputCollector.Collect(assets, NonEmpty(settings.ContextDirectory), project.SdkRoot, []);
            string context = restore.ContextDirectory;
            if (NonEmpty(settings.ContextDirectory) is null
                && VisualStudioContext.Find(dockerfile.Path, dockerfile.ExistingText!, project.ProjectPath, settings.VisualStudioDockerfileContext, settings.VisualStudioTargetOs) is { } visualStudioContext)
            {
                context = visualStudioContext;
                messages.Add((nameof(Strings.VisualStudioContext), [dockerfile.Path, context]));
            }

            return new StackPlan
            {
                ContextDirectory = context,
                Stages = [],
                DefaultTarget = DotNetStages.Runtime,
                Platform = runtimeIdentifier is null ? null : ImagePlatform.FromRuntimeIdentifier(runtimeIdentifier),
                BaseImage = baseImage,
                SdkImage = sdkImage,
                InputFiles = restore.Files,
                BuildArgs = buildArgs,
                Messages = messages,
            };
        }

        var testProjects = !settings.RunTests ? []
            : settings.TestProjects.Count > 0 ? settings.TestProjects.Select(Path.GetFullPath).ToList()
            : TestProjectFinder.Find(project.ProjectPath, settings.SolutionPath);
        if (settings.RunTests && testProjects.Count == 0)
        {
            // In a solution publish some apps have no tests; that is worth saying, not failing over.
            warnings.Add((nameof(Strings.NoTestProjects), [project.ProjectPath]));
        }

        var projectGraph = ProjectFileReader.ReadProjectGraph([project.ProjectPath, .. testProjects]).ToDictionary(StringComparer.Ordinal);
        var restoreInputs = RestoreInputCollector.Collect(assets, NonEmpty(settings.ContextDirectory), project.SdkRoot, testProjects);
        string contextDirectory = restoreInputs.ContextDirectory;
        var contributed = request.Contributors.Select(c => c.Contribute(settings, contextDirectory)).OfType<ContributedStage>().ToList();
        string workingDirectory = NonEmpty(settings.WorkingDirectory) ?? DefaultWorkingDirectory;
        var (osPackages, packageManager) = ResolveOsPackages(project, settings, baseImage, messages);
        var spec = new DotNetDockerfileSpec
        {
            ProjectPath = ContextPaths.Relative(contextDirectory, project.ProjectPath),
            EntryAssemblyFileName = project.TargetFileName,
            AppHostFileName = project.StartsFromAppHost ? project.AssemblyName : null,
            SdkImage = sdkImage,
            BaseImage = baseImage,
            Configuration = project.Configuration,
            TargetFramework = NonEmpty(project.TargetFrameworks) is null ? null : project.TargetFramework,
            RestoreInputFiles = restoreInputs.Files,
            LocalPackageFeeds = restoreInputs.LocalPackageFeeds,
            NuGetCredentialSources = settings.NuGetCredentialSources,
            WorkingDirectory = workingDirectory,
            User = NonEmpty(settings.User),
            Image = request.Image,
            BuildDescriptionFiles = BuildDescriptionFiles(contextDirectory, dockerfile),
            RuntimeIdentifier = runtimeIdentifier,
            TargetOs = runtimeIdentifier is null && BaseImageSelector.IsMusl(imageRequest) ? MuslOs : null,
            DeploymentProperties = project.DeploymentProperties,
            TestProjects = testProjects.Select(t => ContextPaths.Relative(contextDirectory, t)).ToList(),
            TestsOnTestingPlatform = testProjects.Count > 0 && TestRunnerChoice.UsesTestingPlatform(project.ProjectDirectory),
            SingleBuildNode = ProjectChain.IsChain(projectGraph),
            CompilesOneProject = projectGraph.Count == 1,
            OsPackages = osPackages,
            OsPackageManager = packageManager,
            WritablePaths = WritablePathResolver.Resolve(settings.WritablePaths, workingDirectory),
            HealthCheck = HealthCheckParser.Parse(settings),
            AppCommand = settings.AppCommand,
            AppCommandArgs = settings.AppCommandArgs,
            DefaultArgs = settings.DefaultArgs,
            AppCommandInstruction = ResolveAppCommandInstruction(settings),
            ContributedStages = contributed,
            StaticSite = project.IsBlazorWebAssembly,
        };

        return new StackPlan
        {
            ContextDirectory = contextDirectory,
            GeneratedDockerfile = DotNetDockerfileWriter.Write(spec),
            Stages = DotNetStages.For(spec),
            DefaultTarget = DotNetStages.Runtime,
            Platform = runtimeIdentifier is null ? null : ImagePlatform.FromRuntimeIdentifier(runtimeIdentifier),
            SingleStageTarget = DotNetStages.Publish,
            SingleStageBaseStage = DotNetStages.Restore,
            TestResultsStage = testProjects.Count > 0 ? DotNetStages.TestResults : null,
            TestResultsTargets = [DotNetStages.Runtime, DotNetStages.Test],
            BaseImage = baseImage,
            SdkImage = sdkImage,
            InputFiles = [.. restoreInputs.Files, .. contributed.SelectMany(c => c.InputFiles)],
            BuildArgs = buildArgs,
            HostPublish = HostPublishRule.Decide(project, runtimeIdentifier),
            Warnings = warnings,
            Messages = messages,
        };
    }

    public ContainerStagesException? ExplainFailure(FailedStepContext failure)
    {
        if (!failure.Step.StepName.StartsWith($"[{DotNetStages.Test} ", StringComparison.Ordinal)
            || FailedTestsOf(failure.Step.LastOutputLines) is not { Count: > 0 } failedTests)
        {
            return null;
        }

        return new ContainerStagesException(nameof(Strings.TestsFailed), string.Join(", ", failedTests.Select(t => t.Name)), FailureMessages(failedTests))
        {
            File = failure.DockerfilePath,
            Line = failure.Line,
            Diagnostics = Diagnostics(failure),
        };
    }

    /// <summary>The compiler's and MSBuild's errors and warnings, with the container's paths mapped back to the context.</summary>
    public IReadOnlyList<BuildDiagnostic> Diagnostics(FailedStepContext failure)
    {
        // The generated Dockerfile works in /src; for the user's own, the parser finds the files by their tails.
        string? containerRoot = failure.DockerfileText is { } text && DockerfileHeader.IsGenerated(text) ? DotNetDockerfileWriter.SourceRoot : null;
        return BuildDiagnosticParser.Parse(failure.Step.LastOutputLines, failure.ContextDirectory, containerRoot);
    }

    /// <summary>The failed tests with their messages (dotnet test), else their names alone (node --test's TAP).</summary>
    private static IReadOnlyList<FailedTest> FailedTestsOf(IReadOnlyList<string> lines) =>
        DotnetTestFailures.Find(lines) is { Count: > 0 } dotnet ? dotnet : FailedTests.Find(lines).Select(name => new FailedTest(name, [])).ToList();

    /// <summary>Each failed test's assertion message under its name, indented, one line per message line.</summary>
    private static string FailureMessages(IReadOnlyList<FailedTest> failedTests)
    {
        var text = new System.Text.StringBuilder();
        foreach (var test in failedTests.Where(t => t.Message.Count > 0))
        {
            text.Append(Environment.NewLine).Append("  ").Append(test.Name).Append(": ").Append(test.Message[0]);
            foreach (string line in test.Message.Skip(1))
            {
                text.Append(Environment.NewLine).Append("    ").Append(line);
            }
        }

        return text.ToString();
    }

    /// <summary>The files of the context that only describe the build: this Dockerfile and the ignore files.</summary>
    private static IReadOnlyList<string> BuildDescriptionFiles(string contextDirectory, DockerfileChoice dockerfile) =>
        new[] { dockerfile.Path, dockerfile.Path + DockerfileChoice.IgnoreFileSuffix, DockerIgnoreFile.PathIn(contextDirectory) }
            .Where(path => ContextPaths.IsUnder(path, contextDirectory))
            .Select(path => ContextPaths.Relative(contextDirectory, path))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// ContainerRuntimeIdentifier wins; a linux RuntimeIdentifier from -r is used as the SDK's container
    /// publish uses it; anything else (a win-x64 RID, none) builds for the image's platform.
    /// </summary>
    private static string? ResolveRuntimeIdentifier(ProjectDescription project, ContainerSettings settings) =>
        NonEmpty(settings.RuntimeIdentifier)
        ?? (NonEmpty(project.RuntimeIdentifier) is { } rid && rid.StartsWith("linux", StringComparison.OrdinalIgnoreCase) ? rid : null);

    /// <summary>
    /// ContainerFamily picks the tag family of the default images; an alpine family builds for musl,
    /// so a glibc RID chosen alongside it would give an app that cannot start on its base.
    /// </summary>
    private static BaseImageRequest ResolveImageRequest(ProjectDescription project, ContainerSettings settings, string? runtimeIdentifier)
    {
        string? family = NonEmpty(settings.Family);
        if (family is not null && !(ImageNameRules.IsValidTag(family) && char.IsAsciiLetterOrDigit(family[0])))
        {
            throw new ContainerStagesException(nameof(Strings.InvalidContainerFamily), family);
        }

        var request = new BaseImageRequest
        {
            TargetFrameworkVersion = project.TargetFrameworkVersion,
            IsWebProject = project.IsWebProject,
            SelfContained = project.StartsFromAppHost,
            PublishAot = project.PublishAot,
            PublishTrimmed = project.PublishTrimmed,
            InvariantGlobalization = project.InvariantGlobalization,
            Family = family,
            RuntimeIdentifier = runtimeIdentifier,
        };
        if (family is not null && family.StartsWith("alpine", StringComparison.OrdinalIgnoreCase)
            && runtimeIdentifier is not null && !runtimeIdentifier.StartsWith("linux-musl", StringComparison.OrdinalIgnoreCase))
        {
            throw new ContainerStagesException(nameof(Strings.FamilyNeedsMuslRuntimeIdentifier), family, runtimeIdentifier);
        }

        return request;
    }

    private static (IReadOnlyList<string> Packages, OsPackageManager Manager) ResolveOsPackages(
        ProjectDescription project, ContainerSettings settings, string baseImage, List<(string, object?[])> messages)
    {
        // Sorted: the order does not change what is installed, and must not change the layer's cache key.
        var packages = settings.OsPackages.Select(p => p.Trim()).Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (packages.Count == 0)
        {
            return ([], OsPackageManager.Detect);
        }

        if (OsPackageManagerSelector.HasNoPackageManager(baseImage))
        {
            string instead = OsPackageManagerSelector.WithPackageManager(baseImage)
                ?? BaseImageSelector.RuntimeImage(project.TargetFrameworkVersion, project.IsWebProject, project.StartsFromAppHost);
            throw new ContainerStagesException(nameof(Strings.NoPackageManager), baseImage, string.Join(", ", packages), instead);
        }

        var manager = OsPackageManagerSelector.For(baseImage);
        foreach (string package in packages)
        {
            if (!OsPackageNameRules.IsValid(package, manager))
            {
                throw new ContainerStagesException(nameof(Strings.InvalidOsPackage), package, OsPackageNameRules.ToolName(manager));
            }
        }

        messages.Add(manager == OsPackageManager.Detect
            ? (nameof(Strings.OsPackagesDetectManager), [baseImage, string.Join(" ", packages)])
            : (nameof(Strings.OsPackagesInstalled), [string.Join(" ", packages), OsPackageNameRules.ToolName(manager), baseImage]));
        return (packages, manager);
    }

    private static AppCommandInstruction ResolveAppCommandInstruction(ContainerSettings settings)
    {
        string? value = NonEmpty(settings.AppCommandInstruction);
        var instruction = value is null ? AppCommandInstruction.Entrypoint
            : Enum.TryParse<AppCommandInstruction>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !value.Any(char.IsDigit) ? parsed
            : throw new ContainerStagesException(nameof(Strings.InvalidAppCommandInstruction), value);

        // As in the SDK: None keeps the base image's entrypoint, so an app command would be ignored silently.
        return instruction == AppCommandInstruction.None && (settings.AppCommand.Count > 0 || settings.AppCommandArgs.Count > 0)
            ? throw new ContainerStagesException(nameof(Strings.InvalidAppCommandInstruction), value)
            : instruction;
    }

    private static void CheckIsApplication(ProjectDescription project)
    {
        if (NonEmpty(project.TargetFrameworks) is { } frameworks && NonEmpty(project.TargetFramework) is null)
        {
            throw new ContainerStagesException(nameof(Strings.NoTargetFramework), project.ProjectPath, frameworks);
        }

        if (project.IsTestProject)
        {
            throw new ContainerStagesException(nameof(Strings.NotAnApplication), project.ProjectPath, "test project");
        }

        if (!project.OutputType.Equals("Exe", StringComparison.OrdinalIgnoreCase)
            && !project.OutputType.Equals("WinExe", StringComparison.OrdinalIgnoreCase))
        {
            throw new ContainerStagesException(nameof(Strings.NotAnApplication), project.ProjectPath, "class library");
        }
    }
}
