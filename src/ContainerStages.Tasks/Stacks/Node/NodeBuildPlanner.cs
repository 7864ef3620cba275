using ContainerStages.Context;
using ContainerStages.Dockerfile;
using ContainerStages.Labels;
using ContainerStages.Planning;
using ContainerStages.Inputs;

namespace ContainerStages.Stacks.Node;

/// <summary>
/// The <see cref="BuildPlan"/> of a Node.js app: package.json, its lock file and .nvmrc decide the
/// stages, the commands and the default images; the container properties mean what they mean for
/// a .NET app.
/// </summary>
internal static class NodeBuildPlanner
{
    private const string DefaultWorkingDirectory = "/app";

    // 'npm init' writes this test script; it fails on purpose, so it is no test suite.
    private const string NpmInitTestScript = "no test specified";

    public static BuildPlan Plan(ProjectDescription project, ContainerSettings settings, DockerfileChoice dockerfile)
    {
        string appDirectory = Path.GetFullPath(project.NodeAppDirectory!);
        string packageJsonPath = Path.Combine(appDirectory, "package.json");
        if (!File.Exists(packageJsonPath))
        {
            throw new ContainerStagesException("NodePackageJsonMissing", project.ProjectPath, appDirectory) { File = project.ProjectPath };
        }

        var package = PackageJson.Read(packageJsonPath);
        var (manager, installInputs) = NodeLockFile.Detect(appDirectory);
        bool hasLockFile = installInputs.Any(NodeLockFile.IsLockFile);

        // A workspace member has no lock file of its own: the root's pins every member.
        var workspace = hasLockFile ? null : NodeWorkspace.Find(appDirectory);
        string installDirectory = appDirectory;
        string workspaceMember = string.Empty;
        if (workspace is not null)
        {
            installDirectory = workspace.RootDirectory;
            workspaceMember = ContextPaths.Relative(workspace.RootDirectory, appDirectory);
            var (rootManager, rootInputs) = NodeLockFile.Detect(workspace.RootDirectory);
            manager = rootManager;
            installInputs = [.. rootInputs, .. workspace.Members.Select(m => m + "/package.json")];
            hasLockFile = rootInputs.Any(NodeLockFile.IsLockFile);
        }

        var warnings = new List<(string, object?[])>();
        if (!hasLockFile)
        {
            warnings.Add(("NodeLockFileMissing", [installDirectory]));
        }

        string? buildScript = package.Script("build") is null ? null : "build";
        string? testScript = package.Script("test");
        bool runTests = settings.RunTests && testScript is not null && !testScript.Contains(NpmInitTestScript, StringComparison.Ordinal);
        if (settings.RunTests && !runTests)
        {
            warnings.Add(("NodeTestScriptMissing", [packageJsonPath]));
        }

        var (command, startIgnored) = NodeStartCommand.Resolve(package, file => File.Exists(Path.Combine(appDirectory, file)));
        if (startIgnored)
        {
            warnings.Add(("NodeStartScriptNotSimple", [package.Script("start"), string.Join(" ", command)]));
        }

        var outputs = ResolveOutputs(settings, buildScript, command, packageJsonPath);

        string? nvmrcPath = new[] { appDirectory, installDirectory }.Select(d => Path.Combine(d, ".nvmrc")).FirstOrDefault(File.Exists);
        string? nvmrc = nvmrcPath is null ? null : File.ReadAllText(nvmrcPath);
        int major = NodeImageSelector.Major(package.EnginesNode, nvmrc);
        string? explicitBase = BuildPlanner.NonEmpty(settings.BaseImage);
        bool distroless = string.Equals(BuildPlanner.NonEmpty(settings.Family), "distroless", StringComparison.OrdinalIgnoreCase)
            || (explicitBase?.Contains("distroless", StringComparison.OrdinalIgnoreCase) ?? false);
        string baseImage = explicitBase ?? NodeImageSelector.RuntimeImage(major, distroless);
        string buildImage = BuildPlanner.NonEmpty(settings.SdkImage) ?? NodeImageSelector.BuildImage(major);

        string contextDirectory = BuildPlanner.NonEmpty(settings.ContextDirectory) is { } context ? Path.GetFullPath(context) : installDirectory;
        string installPackageJson = Path.Combine(installDirectory, "package.json");
        if (!ContextPaths.IsUnder(installPackageJson, contextDirectory))
        {
            throw new ContainerStagesException("FileOutsideContext", installPackageJson, contextDirectory);
        }

        string installRelative = ContextPaths.Relative(contextDirectory, installDirectory);
        installRelative = installRelative is "." ? string.Empty : installRelative.TrimEnd('/');

        string appRelative = ContextPaths.Relative(contextDirectory, appDirectory);
        appRelative = appRelative is "." ? string.Empty : appRelative.TrimEnd('/');

        var effective = project with { Version = package.Version ?? project.Version, AssemblyName = RepositoryName(package) ?? project.AssemblyName };
        string repository = BuildPlanner.ResolveRepository(effective, settings);
        var tags = BuildPlanner.ResolveTags(effective, settings);
        var ports = settings.Ports.Select(p => BuildPlanner.ParsePort(p.Port, p.Type)).Distinct().ToList();
        var environment = BuildPlanner.CheckedPairs(settings.EnvironmentVariables, "ContainerEnvironmentVariable", Naming.ImageNameRules.IsValidEnvironmentVariableName, "InvalidEnvironmentVariableName");
        var labels = BuildPlanner.CheckedPairs(settings.Labels, "ContainerLabel", BuildPlanner.IsValidLabelName, "InvalidLabelName");
        var buildArgumentLabels = new List<BuildArgumentLabel>();
        if (settings.GenerateLabels)
        {
            // As for a .NET app: a ContainerLabel of the same name wins.
            var userLabels = labels.Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
            var projectLabels = ImageLabels.ProjectLabels(
                BuildPlanner.NonEmpty(settings.LabelVersion) ?? effective.Version,
                BuildPlanner.NonEmpty(settings.LabelTitle) ?? package.Name ?? project.AssemblyName,
                BuildPlanner.NonEmpty(settings.LabelDescription) ?? package.Description);
            labels = [.. projectLabels.Where(l => !userLabels.Contains(l.Key)), .. labels];
            buildArgumentLabels.AddRange(ImageLabels.BuildTimeLabels(settings.UnderSourceControl, settings.HasSourceUrl, settings.GenerateCreatedLabel).Where(l => !userLabels.Contains(l.Label)));
        }
        var buildArgs = BuildPlanner.CheckedPairs(settings.BuildArgs, "ContainerStagesBuildArg", Naming.ImageNameRules.IsValidEnvironmentVariableName, "InvalidBuildArgName")
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        string dockerfilePath = dockerfile.Path;
        string sourceDirectory = workspace is null ? appDirectory : installDirectory;
        var buildDescriptionFiles = NodeContextFiles.BuildDescriptionFiles(sourceDirectory, contextDirectory, dockerfilePath, Path.GetFullPath(project.ProjectPath));

        // A context shared with other apps keeps the shared defaults: two apps must not rewrite one file differently.
        string? dockerIgnore = appRelative.Length == 0
            ? DockerIgnoreDefaults.WithAppSection(
                "This folder is a Node.js app: what only MSBuild, NuGet and the engine read, and the build output the build stage makes again.",
                NodeContextFiles.IgnorePatterns(appDirectory, buildDescriptionFiles, outputs))
            : null;

        var spec = new NodeDockerfileSpec
        {
            AppDirectory = appRelative,
            InstallDirectory = installRelative,
            WorkspaceMember = workspaceMember,
            ProjectFileName = Path.GetFileName(project.ProjectPath),
            BuildImage = buildImage,
            BaseImage = baseImage,
            Commands = NodePackageManagerCommands.For(manager, hasLockFile),
            InstallInputs = installInputs,
            AppPrepareScripts = package.PrepareScripts,
            BuildDescriptionFiles = buildDescriptionFiles,
            BuildScript = buildScript,
            RunTests = runTests,
            OutputPaths = outputs,
            Command = command,
            Distroless = distroless,
            WorkingDirectory = BuildPlanner.NonEmpty(settings.WorkingDirectory) ?? DefaultWorkingDirectory,
            User = BuildPlanner.NonEmpty(settings.User),
            Ports = ports,
            EnvironmentVariables = environment,
            Labels = labels,
            BuildArgumentLabels = buildArgumentLabels,
            NpmCredentials = settings.NpmCredentialRegistries.Count > 0,
        };

        bool userOwned = dockerfile.UserOwned;
        var stages = userOwned ? DockerfileStageReader.ReadStageNames(dockerfile.ExistingText!) : NodeStages.For(spec);
        string? generated = userOwned ? null : NodeDockerfileWriter.Write(spec);
        if (userOwned && HandWrittenDockerfileSettings.Ignored(settings) is { Count: > 0 } ignored)
        {
            warnings.Add(("SettingsIgnoredByOwnDockerfile", [dockerfilePath, string.Join(", ", ignored)]));
        }

        if (BuildPlanner.NonEmpty(settings.CacheTo) is { } cacheTo)
        {
            throw new ContainerStagesException("CacheExportUnsupported", cacheTo);
        }

        string target = BuildPlanner.CheckedTarget(dockerfile, settings, stages);

        var inputs = installInputs.Select(f => installRelative.Length == 0 ? f : installRelative + "/" + f).ToList();
        if (nvmrcPath is not null)
        {
            inputs.Add(ContextPaths.Relative(contextDirectory, nvmrcPath));
        }

        return new BuildPlan
        {
            ContextDirectory = contextDirectory,
            DockerfilePath = dockerfilePath,
            DockerIgnorePath = dockerfile.IgnoreFilePath(contextDirectory),
            HandWrittenDockerfile = dockerfile.HandWrittenBeside,
            GeneratedDockerfile = generated,
            DockerIgnoreText = dockerIgnore,
            Stages = stages,
            Target = target,
            Repository = repository,
            Tags = tags,
            BaseImage = baseImage,
            SdkImage = buildImage,
            // Not restore inputs but the same role: a change to any of them must regenerate.
            RestoreInputFiles = inputs,
            BuildArgs = buildArgs,
            Warnings = warnings,
            Platform = BuildPlanner.NonEmpty(settings.Platform),
            CacheFrom = settings.CacheFrom.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>
    /// ContainerStagesNodeOutput when set; else the top folder of the start command's file (dist for
    /// dist/server.js). A built app whose entry file sits beside package.json must say what to copy.
    /// </summary>
    private static IReadOnlyList<string> ResolveOutputs(ContainerSettings settings, string? buildScript, IReadOnlyList<string> command, string packageJsonPath)
    {
        if (buildScript is null)
        {
            return [];
        }

        var explicitOutputs = settings.NodeOutputPaths
            .Select(p => p.Trim().Replace('\\', '/').TrimEnd('/'))
            .Select(p => p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p)
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (string output in explicitOutputs)
        {
            if (output.StartsWith('/') || output.Split('/').Contains(".."))
            {
                throw new ContainerStagesException("NodeOutputInvalid", output);
            }
        }

        if (explicitOutputs.Count > 0)
        {
            return explicitOutputs;
        }

        return NodeStartCommand.TopDirectory(command) is { } top
            ? [top]
            : throw new ContainerStagesException("NodeOutputUnknown", string.Join(" ", command), packageJsonPath) { File = packageJsonPath };
    }

    /// <summary>An npm name as an image repository: '@scope/name' gives 'scope/name'.</summary>
    private static string? RepositoryName(PackageJson package) =>
        package.Name is { Length: > 0 } name ? name.TrimStart('@') : null;
}
