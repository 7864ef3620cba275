using System.Globalization;
using ContainerStages.Context;
using ContainerStages.Dockerfile;
using ContainerStages.Naming;
using ContainerStages.ProjectModel;

namespace ContainerStages.Planning;

/// <summary>
/// Turns the project and the user's settings into a <see cref="BuildPlan"/>, checking every input
/// before any build starts: a bad name or an unknown stage fails here, not halfway through a build.
/// </summary>
internal static class BuildPlanner
{
    private const string DefaultWorkingDirectory = "/app";
    private static readonly ContainerPort DefaultWebPort = new(8080, "tcp");

    public static BuildPlan Plan(ProjectDescription project, ContainerSettings settings)
    {
        if (project.NodeAppDirectory is not null)
        {
            return Node.NodeBuildPlanner.Plan(project, settings);
        }

        CheckIsApplication(project);
        string repository = ResolveRepository(project, settings);
        var tags = ResolveTags(project, settings);
        var ports = settings.Ports.Select(p => ParsePort(p.Port, p.Type)).Distinct().ToList();
        if (ports.Count == 0 && project.IsWebProject)
        {
            // The ASP.NET Core images listen on ASPNETCORE_HTTP_PORTS=8080; EXPOSE says so, as the SDK's publish does.
            ports.Add(DefaultWebPort);
        }

        var environment = CheckedPairs(settings.EnvironmentVariables, "ContainerEnvironmentVariable", ImageNameRules.IsValidEnvironmentVariableName, "InvalidEnvironmentVariableName");
        var labels = CheckedPairs(settings.Labels, "ContainerLabel", IsValidLabelName, "InvalidLabelName");

        string baseImage = NonEmpty(settings.BaseImage) ?? BaseImageSelector.RuntimeImage(project.TargetFrameworkVersion, project.IsWebProject, project.StartsFromAppHost);
        string sdkImage = NonEmpty(settings.SdkImage) ?? BaseImageSelector.SdkImage(project.TargetFrameworkVersion);

        var assets = ProjectAssets.Read(project.AssetsFilePath);
        var testProjects = !settings.RunTests ? []
            : settings.TestProjects.Count > 0 ? settings.TestProjects.Select(Path.GetFullPath).ToList()
            : TestProjectFinder.Find(project.ProjectPath, settings.SolutionPath);
        var warnings = new List<(string, object?[])>();
        if (settings.RunTests && testProjects.Count == 0)
        {
            // In a solution publish some apps have no tests; that is worth saying, not failing over.
            warnings.Add(("NoTestProjects", [project.ProjectPath]));
        }

        var restoreInputs = RestoreInputCollector.Collect(assets, NonEmpty(settings.ContextDirectory), project.SdkRoot, testProjects);
        string dockerfilePath = Path.GetFullPath(settings.DockerfilePath);
        var spa = Node.SpaPlanner.Plan(settings, restoreInputs.ContextDirectory);

        string? existing = File.Exists(dockerfilePath) ? File.ReadAllText(dockerfilePath) : null;
        bool userOwned = existing is not null && !DockerfileHeader.IsGenerated(existing);
        string? generated = null;
        IReadOnlyList<string> stages;
        if (userOwned)
        {
            stages = DockerfileStageReader.ReadStageNames(existing!);
        }
        else
        {
            var spec = new DockerfileSpec
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
                WorkingDirectory = NonEmpty(settings.WorkingDirectory) ?? DefaultWorkingDirectory,
                User = NonEmpty(settings.User),
                Ports = ports,
                EnvironmentVariables = environment,
                Labels = labels,
                RuntimeIdentifier = ResolveRuntimeIdentifier(project, settings),
                DeploymentProperties = project.DeploymentProperties,
                TestProjects = testProjects.Select(t => ContextPaths.Relative(restoreInputs.ContextDirectory, t)).ToList(),
                Spa = spa?.Spec,
            };
            stages = DockerfileStages.For(spec);
            generated = DockerfileWriter.Write(spec);
        }

        if (NonEmpty(settings.CacheTo) is { } cacheTo)
        {
            throw new ContainerStagesException("CacheExportUnsupported", cacheTo);
        }

        string target = settings.Target.Trim().ToLowerInvariant();
        if (!stages.Contains(target, StringComparer.Ordinal))
        {
            throw new ContainerStagesException("UnknownTargetStage", settings.Target, stages.Count == 0 ? "(none: no FROM ... AS name)" : string.Join(", ", stages))
            {
                File = dockerfilePath,
            };
        }

        return new BuildPlan
        {
            ContextDirectory = restoreInputs.ContextDirectory,
            DockerfilePath = dockerfilePath,
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
            Platform = NonEmpty(settings.Platform),
            CacheFrom = settings.CacheFrom.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>
    /// ContainerRuntimeIdentifier wins; a linux RuntimeIdentifier from -r is used as the SDK's container
    /// publish uses it; anything else (a win-x64 RID, none) builds for the image's platform.
    /// </summary>
    private static string? ResolveRuntimeIdentifier(ProjectDescription project, ContainerSettings settings) =>
        NonEmpty(settings.RuntimeIdentifier)
        ?? (NonEmpty(project.RuntimeIdentifier) is { } rid && rid.StartsWith("linux", StringComparison.OrdinalIgnoreCase) ? rid : null);

    private static Dictionary<string, string> ResolveBuildArgs(ProjectDescription project, ContainerSettings settings)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal) { ["BUILD_CONFIGURATION"] = project.Configuration };
        foreach (var (name, value) in CheckedPairs(settings.BuildArgs, "ContainerStagesBuildArg", ImageNameRules.IsValidEnvironmentVariableName, "InvalidBuildArgName"))
        {
            args[name] = value;
        }

        return args;
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
