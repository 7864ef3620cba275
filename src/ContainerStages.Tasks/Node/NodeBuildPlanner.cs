using ContainerStages.Context;
using ContainerStages.Dockerfile;
using ContainerStages.Planning;

namespace ContainerStages.Node;

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

    public static BuildPlan Plan(ProjectDescription project, ContainerSettings settings)
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
        var warnings = new List<(string, object?[])>();
        if (!hasLockFile)
        {
            warnings.Add(("NodeLockFileMissing", [appDirectory]));
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

        string? nvmrcPath = Path.Combine(appDirectory, ".nvmrc");
        string? nvmrc = File.Exists(nvmrcPath) ? File.ReadAllText(nvmrcPath) : null;
        int major = NodeImageSelector.Major(package.EnginesNode, nvmrc);
        string? explicitBase = BuildPlanner.NonEmpty(settings.BaseImage);
        bool distroless = string.Equals(BuildPlanner.NonEmpty(settings.Family), "distroless", StringComparison.OrdinalIgnoreCase)
            || (explicitBase?.Contains("distroless", StringComparison.OrdinalIgnoreCase) ?? false);
        string baseImage = explicitBase ?? NodeImageSelector.RuntimeImage(major, distroless);
        string buildImage = BuildPlanner.NonEmpty(settings.SdkImage) ?? NodeImageSelector.BuildImage(major);

        string contextDirectory = BuildPlanner.NonEmpty(settings.ContextDirectory) is { } context ? Path.GetFullPath(context) : appDirectory;
        if (!ContextPaths.IsUnder(packageJsonPath, contextDirectory))
        {
            throw new ContainerStagesException("FileOutsideContext", packageJsonPath, contextDirectory);
        }

        string appRelative = ContextPaths.Relative(contextDirectory, appDirectory);
        appRelative = appRelative is "." ? string.Empty : appRelative.TrimEnd('/');

        var effective = project with { Version = package.Version ?? project.Version, AssemblyName = RepositoryName(package) ?? project.AssemblyName };
        string repository = BuildPlanner.ResolveRepository(effective, settings);
        var tags = BuildPlanner.ResolveTags(effective, settings);
        var ports = settings.Ports.Select(p => BuildPlanner.ParsePort(p.Port, p.Type)).Distinct().ToList();
        var environment = BuildPlanner.CheckedPairs(settings.EnvironmentVariables, "ContainerEnvironmentVariable", Naming.ImageNameRules.IsValidEnvironmentVariableName, "InvalidEnvironmentVariableName");
        var labels = BuildPlanner.CheckedPairs(settings.Labels, "ContainerLabel", BuildPlanner.IsValidLabelName, "InvalidLabelName");
        var buildArgs = BuildPlanner.CheckedPairs(settings.BuildArgs, "ContainerStagesBuildArg", Naming.ImageNameRules.IsValidEnvironmentVariableName, "InvalidBuildArgName")
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        var spec = new NodeDockerfileSpec
        {
            AppDirectory = appRelative,
            ProjectFileName = Path.GetFileName(project.ProjectPath),
            BuildImage = buildImage,
            BaseImage = baseImage,
            Commands = NodePackageManagerCommands.For(manager, hasLockFile),
            InstallInputs = installInputs,
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
            NpmCredentials = settings.NpmCredentialRegistries.Count > 0,
        };

        string dockerfilePath = Path.GetFullPath(settings.DockerfilePath);
        string? existing = File.Exists(dockerfilePath) ? File.ReadAllText(dockerfilePath) : null;
        bool userOwned = existing is not null && !DockerfileHeader.IsGenerated(existing);
        var stages = userOwned ? DockerfileStageReader.ReadStageNames(existing!) : NodeStages.For(spec);
        string? generated = userOwned ? null : NodeDockerfileWriter.Write(spec);

        if (BuildPlanner.NonEmpty(settings.CacheTo) is { } cacheTo)
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

        var inputs = installInputs.Select(f => appRelative.Length == 0 ? f : appRelative + "/" + f).ToList();
        if (nvmrc is not null)
        {
            inputs.Add(appRelative.Length == 0 ? ".nvmrc" : appRelative + "/.nvmrc");
        }

        return new BuildPlan
        {
            ContextDirectory = contextDirectory,
            DockerfilePath = dockerfilePath,
            GeneratedDockerfile = generated,
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
