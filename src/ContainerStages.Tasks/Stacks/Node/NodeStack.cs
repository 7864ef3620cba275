using ContainerStages.Context;
using ContainerStages.Dockerfile;
using ContainerStages.Inputs;
using ContainerStages.Resources;
using static ContainerStages.Inputs.SettingValue;

namespace ContainerStages.Stacks.Node;

/// <summary>
/// A Node.js app: package.json, its lock file and .nvmrc decide the stages, the commands and the
/// default images; the container properties mean what they mean for a .NET app.
/// </summary>
internal sealed class NodeStack : IContainerStack
{
    private const string DefaultWorkingDirectory = "/app";

    // 'npm init' writes this test script; it fails on purpose, so it is no test suite.
    private const string NpmInitTestScript = "no test specified";

    private const int QuotedOutputLines = 20;

    public string Name => "node";

    public bool Builds(ProjectDescription project) => project.NodeAppDirectory is not null;

    public StackIdentity Describe(ProjectDescription project, ContainerSettings settings)
    {
        var package = PackageJson.Read(PackageJsonPath(project));
        string version = package.Version ?? project.Version;
        return new StackIdentity
        {
            // An npm name as an image repository: '@scope/name' gives 'scope/name'.
            Name = package.Name is { Length: > 0 } name ? name.TrimStart('@') : project.AssemblyName,
            Version = version,
            LabelVersion = NonEmpty(settings.LabelVersion) ?? version,
            LabelTitle = NonEmpty(settings.LabelTitle) ?? package.Name ?? project.AssemblyName,
            LabelDescription = NonEmpty(settings.LabelDescription) ?? package.Description,
        };
    }

    public StackPlan Plan(StackRequest request)
    {
        var (project, settings, dockerfile) = (request.Project, request.Settings, request.Dockerfile);
        string appDirectory = Path.GetFullPath(project.NodeAppDirectory!);
        string packageJsonPath = PackageJsonPath(project);
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
            warnings.Add((nameof(Strings.NodeLockFileMissing), [installDirectory]));
        }

        string? buildScript = package.Script("build") is null ? null : "build";
        string? testScript = package.Script("test");
        bool runTests = settings.RunTests && testScript is not null && !testScript.Contains(NpmInitTestScript, StringComparison.Ordinal);
        if (settings.RunTests && !runTests && !dockerfile.UserOwned)
        {
            warnings.Add((nameof(Strings.NodeTestScriptMissing), [packageJsonPath]));
        }

        var (command, startIgnored) = NodeStartCommand.Resolve(package, file => File.Exists(Path.Combine(appDirectory, file)));
        if (startIgnored && !dockerfile.UserOwned)
        {
            warnings.Add((nameof(Strings.NodeStartScriptNotSimple), [package.Script("start"), string.Join(" ", command)]));
        }

        string? nvmrcPath = new[] { appDirectory, installDirectory }.Select(d => Path.Combine(d, ".nvmrc")).FirstOrDefault(File.Exists);
        string? nvmrc = nvmrcPath is null ? null : File.ReadAllText(nvmrcPath);
        int major = NodeImageSelector.Major(package.EnginesNode, nvmrc);
        string? explicitBase = NonEmpty(settings.BaseImage);
        bool distroless = string.Equals(NonEmpty(settings.Family), "distroless", StringComparison.OrdinalIgnoreCase)
            || (explicitBase?.Contains("distroless", StringComparison.OrdinalIgnoreCase) ?? false);
        string baseImage = explicitBase ?? NodeImageSelector.RuntimeImage(major, distroless);
        string buildImage = NonEmpty(settings.SdkImage) ?? NodeImageSelector.BuildImage(major);

        string contextDirectory = NonEmpty(settings.ContextDirectory) is { } context ? Path.GetFullPath(context) : installDirectory;
        string installPackageJson = Path.Combine(installDirectory, "package.json");
        if (!ContextPaths.IsUnder(installPackageJson, contextDirectory))
        {
            throw new ContainerStagesException(nameof(Strings.FileOutsideContext), installPackageJson, contextDirectory);
        }

        string installRelative = ContextPaths.Relative(contextDirectory, installDirectory);
        installRelative = installRelative is "." ? string.Empty : installRelative.TrimEnd('/');
        var inputs = installInputs.Select(f => installRelative.Length == 0 ? f : installRelative + "/" + f).ToList();
        if (nvmrcPath is not null)
        {
            inputs.Add(ContextPaths.Relative(contextDirectory, nvmrcPath));
        }

        var plan = new StackPlan
        {
            ContextDirectory = contextDirectory,
            Stages = [],
            DefaultTarget = NodeStages.Runtime,
            BaseImage = baseImage,
            SdkImage = buildImage,

            // Not restore inputs but the same role: a change to any of them must regenerate.
            InputFiles = inputs,
            Warnings = warnings,
        };
        if (dockerfile.UserOwned)
        {
            return plan;
        }

        string appRelative = ContextPaths.Relative(contextDirectory, appDirectory);
        appRelative = appRelative is "." ? string.Empty : appRelative.TrimEnd('/');
        var outputs = ResolveOutputs(settings, buildScript, command, packageJsonPath);
        string sourceDirectory = workspace is null ? appDirectory : installDirectory;
        var buildDescriptionFiles = NodeContextFiles.BuildDescriptionFiles(sourceDirectory, contextDirectory, dockerfile.Path, Path.GetFullPath(project.ProjectPath));

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
            WorkingDirectory = NonEmpty(settings.WorkingDirectory) ?? DefaultWorkingDirectory,
            User = NonEmpty(settings.User),
            Image = request.Image,
            NpmCredentials = settings.NpmCredentialRegistries.Count > 0,
        };

        return plan with
        {
            GeneratedDockerfile = NodeDockerfileWriter.Write(spec),
            DockerIgnoreText = dockerIgnore,
            Stages = NodeStages.For(spec),
            SingleStageTarget = spec.HasBuildStage ? NodeStages.Build : null,
            SingleStageBaseStage = spec.HasBuildStage ? NodeStages.Deps : null,
        };
    }

    public ContainerStagesException? ExplainFailure(FailedStepContext failure) =>
        failure.Step.StepName.StartsWith($"[{NodeStages.Test} ", StringComparison.Ordinal) && IsTestStep(failure.Step.StepName)
            ? new ContainerStagesException(nameof(Strings.NodeTestStageFailed), failure.Step.StepName, TestReport(failure.Step.LastOutputLines))
            {
                File = failure.DockerfilePath,
                Line = failure.Line,
            }
            : null;

    /// <summary>None: the failed tests' report says it all, and a compiler's output is quoted as the step's last lines.</summary>
    public IReadOnlyList<BuildDiagnostic> Diagnostics(FailedStepContext failure) => [];

    /// <summary>
    /// The failed tests, each with its assertion message, as the runner printed them; else (a runner
    /// or reporter not recognised, a crash before any test) the step's last lines.
    /// </summary>
    internal static string TestReport(IReadOnlyList<string> output)
    {
        var failures = NodeTestFailures.Find(output);
        var lines = new List<string>();
        if (failures.Count == 0)
        {
            lines.AddRange(output.TakeLast(QuotedOutputLines).Select(l => "  " + l));
        }

        foreach (var failure in failures)
        {
            lines.Add("  " + failure.Name);
            lines.AddRange(failure.Message.Select(m => "      " + m));
        }

        return lines.Count == 0 ? string.Empty : Environment.NewLine + string.Join(Environment.NewLine, lines);
    }

    private static bool IsTestStep(string stepName) =>
        stepName.Contains("npm test", StringComparison.Ordinal)
        || stepName.Contains("pnpm test", StringComparison.Ordinal)
        || stepName.Contains("yarn test", StringComparison.Ordinal);

    private static string PackageJsonPath(ProjectDescription project)
    {
        string path = Path.Combine(Path.GetFullPath(project.NodeAppDirectory!), "package.json");
        return File.Exists(path)
            ? path
            : throw new ContainerStagesException(nameof(Strings.NodePackageJsonMissing), project.ProjectPath, Path.GetDirectoryName(path)) { File = project.ProjectPath };
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
                throw new ContainerStagesException(nameof(Strings.NodeOutputInvalid), output);
            }
        }

        if (explicitOutputs.Count > 0)
        {
            return explicitOutputs;
        }

        return NodeStartCommand.TopDirectory(command) is { } top
            ? [top]
            : throw new ContainerStagesException(nameof(Strings.NodeOutputUnknown), string.Join(" ", command), packageJsonPath) { File = packageJsonPath };
    }
}
