using System.Globalization;
using ContainerStages.Context;
using ContainerStages.Dockerfile;
using ContainerStages.Labels;
using ContainerStages.Naming;
using ContainerStages.ProjectModel;
using ContainerStages.Inputs;
using ContainerStages.Stacks.DotNet;

namespace ContainerStages.Planning;

/// <summary>
/// Turns the project and the user's settings into a <see cref="BuildPlan"/>, checking every input
/// before any build starts: a bad name or an unknown stage fails here, not halfway through a build.
/// </summary>
internal static class BuildPlanner
{
    private const string DefaultWorkingDirectory = "/app";
    private const string MuslOs = "linux-musl";
    private static readonly ContainerPort DefaultWebPort = new(8080, "tcp");

    public static BuildPlan Plan(ProjectDescription project, ContainerSettings settings)
    {
        var dockerfile = DockerfileChoice.Resolve(project.ProjectDirectory, settings.DockerfilePath);
        if (project.NodeAppDirectory is not null)
        {
            return Stacks.Node.NodeBuildPlanner.Plan(project, settings, dockerfile);
        }

        CheckIsApplication(project);
        if (project.IsBlazorWebAssembly && HostingProjectFinder.Find(project.ProjectPath, settings.SolutionPath) is { } host)
        {
            return PassedOver(project, dockerfile, ("BlazorClientPassedOver", [project.ProjectPath, host]));
        }

        string repository = ResolveRepository(project, settings);
        var tags = ResolveTags(project, settings);
        var ports = settings.Ports.Select(p => ParsePort(p.Port, p.Type)).Distinct().ToList();
        if (ports.Count == 0 && project.IsBlazorWebAssembly)
        {
            ports.Add(StaticSiteStage.Port);
        }
        else if (ports.Count == 0 && project.IsWebProject)
        {
            // The ASP.NET Core images listen on ASPNETCORE_HTTP_PORTS=8080; EXPOSE says so, as the SDK's publish does.
            ports.Add(DefaultWebPort);
        }

        var environment = CheckedPairs(settings.EnvironmentVariables, "ContainerEnvironmentVariable", ImageNameRules.IsValidEnvironmentVariableName, "InvalidEnvironmentVariableName");
        var labels = CheckedPairs(settings.Labels, "ContainerLabel", IsValidLabelName, "InvalidLabelName");
        var buildArgumentLabels = new List<BuildArgumentLabel>();
        if (settings.GenerateLabels)
        {
            // A ContainerLabel of the same name wins, as in the SDK, where the user's item comes last.
            var userLabels = labels.Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
            labels = [.. ImageLabels.ProjectLabels(settings.LabelVersion, settings.LabelTitle, settings.LabelDescription).Where(l => !userLabels.Contains(l.Key)), .. labels];
            buildArgumentLabels.AddRange(ImageLabels.BuildTimeLabels(settings.UnderSourceControl, settings.HasSourceUrl, settings.GenerateCreatedLabel).Where(l => !userLabels.Contains(l.Label)));
        }

        string? runtimeIdentifier = ResolveRuntimeIdentifier(project, settings);
        var imageRequest = ResolveImageRequest(project, settings, runtimeIdentifier);
        string baseImage = NonEmpty(settings.BaseImage) ?? (project.IsBlazorWebAssembly ? StaticSiteStage.DefaultImage : BaseImageSelector.RuntimeImage(imageRequest));
        string sdkImage = NonEmpty(settings.SdkImage) ?? BaseImageSelector.SdkImage(imageRequest);

        var warnings = new List<(string, object?[])>();
        var messages = new List<(string, object?[])>();
        string workingDirectory = NonEmpty(settings.WorkingDirectory) ?? DefaultWorkingDirectory;
        var (osPackages, packageManager) = ResolveOsPackages(project, settings, baseImage, messages);
        var writablePaths = WritablePathResolver.Resolve(settings.WritablePaths, workingDirectory);
        var healthCheck = HealthCheckParser.Parse(settings);
        var appCommandInstruction = ResolveAppCommandInstruction(settings);
        if (NonEmpty(settings.User) is { } user && RunsAsRoot(user))
        {
            warnings.Add(("RunsAsRoot", [user]));
        }

        if (dockerfile.UserOwned && HandWrittenDockerfileSettings.Ignored(settings) is { Count: > 0 } ignored)
        {
            warnings.Add(("SettingsIgnoredByOwnDockerfile", [dockerfile.Path, string.Join(", ", ignored)]));
        }

        var assets = ProjectAssets.Read(project.AssetsFilePath);
        var testProjects = !settings.RunTests || dockerfile.UserOwned ? []
            : settings.TestProjects.Count > 0 ? settings.TestProjects.Select(Path.GetFullPath).ToList()
            : TestProjectFinder.Find(project.ProjectPath, settings.SolutionPath);
        if (settings.RunTests && !dockerfile.UserOwned && testProjects.Count == 0)
        {
            // In a solution publish some apps have no tests; that is worth saying, not failing over.
            warnings.Add(("NoTestProjects", [project.ProjectPath]));
        }

        var restoreInputs = RestoreInputCollector.Collect(assets, NonEmpty(settings.ContextDirectory), project.SdkRoot, testProjects);
        string dockerfilePath = dockerfile.Path;
        var spa = Stacks.Node.SpaPlanner.Plan(settings, restoreInputs.ContextDirectory);

        string contextDirectory = restoreInputs.ContextDirectory;
        string? generated = null;
        IReadOnlyList<string> stages;
        if (dockerfile.UserOwned)
        {
            stages = DockerfileStageReader.ReadStageNames(dockerfile.ExistingText!);
            if (NonEmpty(settings.ContextDirectory) is null
                && VisualStudioContext.Find(dockerfilePath, dockerfile.ExistingText!, project.ProjectPath, settings.VisualStudioDockerfileContext, settings.VisualStudioTargetOs) is { } visualStudioContext)
            {
                contextDirectory = visualStudioContext;
                messages.Add(("VisualStudioContext", [dockerfilePath, contextDirectory]));
            }
        }
        else
        {
            var spec = new DotNetDockerfileSpec
            {
                ProjectPath = ContextPaths.Relative(restoreInputs.ContextDirectory, project.ProjectPath),
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
                Ports = ports,
                EnvironmentVariables = environment,
                Labels = labels,
                BuildArgumentLabels = buildArgumentLabels,
                BuildDescriptionFiles = BuildDescriptionFiles(restoreInputs.ContextDirectory, dockerfile),
                RuntimeIdentifier = runtimeIdentifier,
                TargetOs = runtimeIdentifier is null && BaseImageSelector.IsMusl(imageRequest) ? MuslOs : null,
                DeploymentProperties = project.DeploymentProperties,
                TestProjects = testProjects.Select(t => ContextPaths.Relative(restoreInputs.ContextDirectory, t)).ToList(),
                TestsOnTestingPlatform = testProjects.Count > 0 && TestRunnerChoice.UsesTestingPlatform(project.ProjectDirectory),
                SingleBuildNode = ProjectChain.IsChain([project.ProjectPath, .. testProjects]),
                OsPackages = osPackages,
                OsPackageManager = packageManager,
                WritablePaths = writablePaths,
                HealthCheck = healthCheck,
                AppCommand = settings.AppCommand,
                AppCommandArgs = settings.AppCommandArgs,
                DefaultArgs = settings.DefaultArgs,
                AppCommandInstruction = appCommandInstruction,
                Spa = spa?.Spec,
                StaticSite = project.IsBlazorWebAssembly,
            };
            stages = DotNetStages.For(spec);
            generated = DotNetDockerfileWriter.Write(spec);
        }

        if (NonEmpty(settings.CacheTo) is { } cacheTo)
        {
            throw new ContainerStagesException("CacheExportUnsupported", cacheTo);
        }

        string target = CheckedTarget(dockerfile, settings, stages);
        return new BuildPlan
        {
            HostPublish = dockerfile.UserOwned ? HostPublishPlan.NotApplicable : HostPublishRule.Decide(project, runtimeIdentifier, target),
            ContextDirectory = contextDirectory,
            DockerfilePath = dockerfilePath,
            DockerIgnorePath = dockerfile.IgnoreFilePath(contextDirectory),
            HandWrittenDockerfile = dockerfile.HandWrittenBeside,
            GeneratedDockerfile = generated,
            Stages = stages,
            Target = target,
            Repository = repository,
            Tags = tags,
            BaseImage = baseImage,
            SdkImage = sdkImage,
            RestoreInputFiles = spa is null ? restoreInputs.Files : [.. restoreInputs.Files, .. spa.Value.InputFiles],
            BuildArgs = ResolveBuildArgs(project, settings),
            Warnings = warnings,
            Messages = messages,
            Platform = NonEmpty(settings.Platform),
            CacheFrom = settings.CacheFrom.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>
    /// The plan of a project that gets no image in this build (a hosted Blazor WebAssembly client in
    /// a solution publish): nothing is written or built, and the message says why.
    /// </summary>
    private static BuildPlan PassedOver(ProjectDescription project, DockerfileChoice dockerfile, (string, object?[]) reason) => new()
    {
        PassedOver = true,
        ContextDirectory = project.ProjectDirectory,
        DockerfilePath = dockerfile.Path,
        Stages = [],
        Target = string.Empty,
        Repository = string.Empty,
        Tags = [],
        BaseImage = string.Empty,
        SdkImage = string.Empty,
        Messages = [reason],
    };

    /// <summary>
    /// The stage to build, checked against the Dockerfile's stages before anything is built, so a
    /// typo is not BuildKit's late "target stage could not be found". An empty target (the user's
    /// own file, whose last stage has no name) builds the last stage, as a plain docker build does.
    /// </summary>
    internal static string CheckedTarget(DockerfileChoice dockerfile, ContainerSettings settings, IReadOnlyList<string> stages)
    {
        string target = dockerfile.Target(settings.Target, DotNetStages.Runtime);
        if (target.Length > 0 && !stages.Contains(target, StringComparer.Ordinal))
        {
            throw new ContainerStagesException("UnknownTargetStage", NonEmpty(settings.Target) ?? target, stages.Count == 0 ? "(none: no FROM ... AS name)" : string.Join(", ", stages))
            {
                File = dockerfile.Path,
            };
        }

        return target;
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
            throw new ContainerStagesException("InvalidContainerFamily", family);
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
            throw new ContainerStagesException("FamilyNeedsMuslRuntimeIdentifier", family, runtimeIdentifier);
        }

        return request;
    }

    private static Dictionary<string, string> ResolveBuildArgs(ProjectDescription project, ContainerSettings settings)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal) { ["BUILD_CONFIGURATION"] = project.Configuration };
        foreach (var (name, value) in CheckedPairs(settings.BuildArgs, "ContainerStagesBuildArg", ImageNameRules.IsValidEnvironmentVariableName, "InvalidBuildArgName"))
        {
            args[name] = value;
        }

        return args;
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
            throw new ContainerStagesException("NoPackageManager", baseImage, string.Join(", ", packages), instead);
        }

        var manager = OsPackageManagerSelector.For(baseImage);
        foreach (string package in packages)
        {
            if (!OsPackageNameRules.IsValid(package, manager))
            {
                throw new ContainerStagesException("InvalidOsPackage", package, OsPackageNameRules.ToolName(manager));
            }
        }

        messages.Add(manager == OsPackageManager.Detect
            ? ("OsPackagesDetectManager", [baseImage, string.Join(" ", packages)])
            : ("OsPackagesInstalled", [string.Join(" ", packages), OsPackageNameRules.ToolName(manager), baseImage]));
        return (packages, manager);
    }

    private static AppCommandInstruction ResolveAppCommandInstruction(ContainerSettings settings)
    {
        string? value = NonEmpty(settings.AppCommandInstruction);
        var instruction = value is null ? AppCommandInstruction.Entrypoint
            : Enum.TryParse<AppCommandInstruction>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !value.Any(char.IsDigit) ? parsed
            : throw new ContainerStagesException("InvalidAppCommandInstruction", value);

        // As in the SDK: None keeps the base image's entrypoint, so an app command would be ignored silently.
        return instruction == AppCommandInstruction.None && (settings.AppCommand.Count > 0 || settings.AppCommandArgs.Count > 0)
            ? throw new ContainerStagesException("InvalidAppCommandInstruction", value)
            : instruction;
    }

    /// <summary>'root', '0', or either with a group ('0:0', 'root:root'): the user part decides.</summary>
    private static bool RunsAsRoot(string user)
    {
        string name = user.Split(':')[0].Trim();
        return name is "root" or "0";
    }

    private static void CheckIsApplication(ProjectDescription project)
    {
        if (NonEmpty(project.TargetFrameworks) is { } frameworks && NonEmpty(project.TargetFramework) is null)
        {
            throw new ContainerStagesException("NoTargetFramework", project.ProjectPath, frameworks);
        }

        if (project.IsTestProject)
        {
            throw new ContainerStagesException("NotAnApplication", project.ProjectPath, "test project");
        }

        if (!project.OutputType.Equals("Exe", StringComparison.OrdinalIgnoreCase)
            && !project.OutputType.Equals("WinExe", StringComparison.OrdinalIgnoreCase))
        {
            throw new ContainerStagesException("NotAnApplication", project.ProjectPath, "class library");
        }
    }

    internal static string ResolveRepository(ProjectDescription project, ContainerSettings settings)
    {
        if (NonEmpty(settings.Repository) is { } repository)
        {
            return ImageNameRules.IsValidRepository(repository)
                ? repository
                : throw new ContainerStagesException("InvalidRepository", repository);
        }

        return ImageNameRules.NormalizeRepository(project.AssemblyName)
            ?? throw new ContainerStagesException("InvalidRepository", project.AssemblyName);
    }

    internal static IReadOnlyList<string> ResolveTags(ProjectDescription project, ContainerSettings settings)
    {
        // As in the SDK: ContainerImageTags wins over ContainerImageTag, and the default is $(Version).
        var tags = NonEmpty(settings.ImageTags) is { } many
            ? ImageNameRules.SplitTags(many)
            : [NonEmpty(settings.ImageTag) ?? project.Version];
        foreach (string tag in tags)
        {
            if (!ImageNameRules.IsValidTag(tag))
            {
                throw new ContainerStagesException("InvalidTag", tag);
            }
        }

        return tags.Distinct(StringComparer.Ordinal).ToList();
    }

    internal static ContainerPort ParsePort(string port, string? type)
    {
        string protocol = NonEmpty(type)?.ToLowerInvariant() ?? "tcp";
        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
               && number is >= 1 and <= 65535 && protocol is "tcp" or "udp"
            ? new ContainerPort(number, protocol)
            : throw new ContainerStagesException("InvalidPort", NonEmpty(type) is null ? port : $"{port} ({type})");
    }

    internal static List<KeyValuePair<string, string>> CheckedPairs(
        IReadOnlyList<KeyValuePair<string, string>> pairs, string itemName, Func<string, bool> isValidName, string invalidNameResource)
    {
        foreach (var (name, value) in pairs)
        {
            if (!isValidName(name))
            {
                throw new ContainerStagesException(invalidNameResource, name);
            }

            if (value.Contains('\n') || value.Contains('\r'))
            {
                throw new ContainerStagesException("MultilineValue", itemName, name);
            }
        }

        // The last item of a name wins, as in MSBuild property semantics; order stays as written.
        return pairs.GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
    }

    internal static bool IsValidLabelName(string name) =>
        name.Length > 0 && !name.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '=');

    internal static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
