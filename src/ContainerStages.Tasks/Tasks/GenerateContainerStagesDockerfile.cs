using ContainerStages.Context;
using ContainerStages.Planning;
using ContainerStages.Dockerfile;
using ContainerStages.SourceControl;
using Microsoft.Build.Framework;
using ContainerStages.Inputs;
using ContainerStages.Resources;

namespace ContainerStages.Tasks;

/// <summary>
/// Checks the container settings, writes the multi-stage Dockerfile and the context's .dockerignore
/// (unless the user owns them), and returns what the build needs.
/// </summary>
public sealed class GenerateContainerStagesDockerfile : ContainerStagesTask
{
    /// <summary>The project file (MSBuildProjectFullPath).</summary>
    [Required] public string ProjectPath { get; set; } = string.Empty;

    /// <summary>NuGet's project.assets.json, the source of the project graph and package sources.</summary>
    [Required] public string ProjectAssetsFile { get; set; } = string.Empty;

    [Required] public string AssemblyName { get; set; } = string.Empty;

    /// <summary>The built file the runtime stage starts (TargetFileName; empty in a multi-targeting outer build).</summary>
    public string TargetFileName { get; set; } = string.Empty;

    /// <summary>TargetFrameworkVersion, for example v10.0: picks the .NET image version (empty in an outer build).</summary>
    public string TargetFrameworkVersion { get; set; } = string.Empty;

    [Required] public string Configuration { get; set; } = string.Empty;

    [Required] public string Version { get; set; } = string.Empty;

    /// <summary>
    /// ContainerStagesDockerfile: the Dockerfile built as it is when it has no ContainerStages header.
    /// Empty: <c>Dockerfile</c> in the project folder, or <c>Dockerfile.containerstages</c> beside a hand-written one.
    /// </summary>
    public string? DockerfilePath { get; set; }

    /// <summary>ContainerStagesTarget: the stage to build; empty is 'runtime', or the last stage of the user's own Dockerfile.</summary>
    public string? Target { get; set; }

    /// <summary>Visual Studio's DockerfileContext, relative to the Dockerfile's folder.</summary>
    public string? VisualStudioDockerfileContext { get; set; }

    /// <summary>Visual Studio's DockerDefaultTargetOS, which its Dockerfile scaffolding sets.</summary>
    public string? VisualStudioTargetOs { get; set; }

    public string? TargetFramework { get; set; }

    public string? TargetFrameworks { get; set; }

    public string? OutputType { get; set; }

    public bool IsTestProject { get; set; }

    public bool IsWebProject { get; set; }

    /// <summary>UsingMicrosoftNETSdkBlazorWebAssembly: a Blazor WebAssembly app, served as a static site unless a server of the solution hosts it.</summary>
    public bool IsBlazorWebAssembly { get; set; }

    public string? SdkRoot { get; set; }

    public string? ContextDirectory { get; set; }

    public string? BaseImage { get; set; }

    public string? SdkImage { get; set; }

    /// <summary>ContainerFamily, for example noble-chiseled or alpine.</summary>
    public string? ContainerFamily { get; set; }

    /// <summary>InvariantGlobalization: the app needs no ICU.</summary>
    public bool InvariantGlobalization { get; set; }

    public string? Repository { get; set; }

    public string? ImageTag { get; set; }

    public string? ImageTags { get; set; }

    public string? User { get; set; }

    public string? WorkingDirectory { get; set; }

    /// <summary>ContainerPort items (Include = port number, Type = tcp or udp).</summary>
    public ITaskItem[] Ports { get; set; } = [];

    /// <summary>ContainerEnvironmentVariable items (Include = name, Value).</summary>
    public ITaskItem[] EnvironmentVariables { get; set; } = [];

    /// <summary>ContainerLabel items (Include = name, Value).</summary>
    public ITaskItem[] Labels { get; set; } = [];

    /// <summary>ContainerGenerateLabels (unset means true, as in the SDK).</summary>
    public bool GenerateLabels { get; set; } = true;

    /// <summary>The version label's value.</summary>
    public string? LabelVersion { get; set; }

    /// <summary>The title label's value.</summary>
    public string? LabelTitle { get; set; }

    /// <summary>The description label's value.</summary>
    public string? LabelDescription { get; set; }

    /// <summary>SourceLink's SourceRevisionId, when it ran.</summary>
    public string? SourceRevisionId { get; set; }

    /// <summary>RepositoryUrl, or SourceLink's PrivateRepositoryUrl: whether the image gets a source label.</summary>
    public string? RepositoryUrl { get; set; }

    public bool SelfContained { get; set; }

    public bool PublishSingleFile { get; set; }

    public bool PublishTrimmed { get; set; }

    public bool PublishAot { get; set; }

    public bool PublishReadyToRun { get; set; }

    /// <summary>ContainerGenerateLabelsImageCreated: false leaves the created label out, as in the SDK.</summary>
    public bool GenerateCreatedLabel { get; set; } = true;

    /// <summary>The project's RuntimeIdentifier (from -r).</summary>
    public string? RuntimeIdentifier { get; set; }

    /// <summary>ContainerRuntimeIdentifier.</summary>
    public string? ContainerRuntimeIdentifier { get; set; }

    /// <summary>ContainerStagesTest: add a 'test' stage that must pass.</summary>
    public bool RunTests { get; set; }

    /// <summary>The package sources with credentials on this machine (names only, from ReadContainerStagesNuGetCredentials): the restore step mounts them as a secret.</summary>
    public string[] NuGetCredentialSources { get; set; } = [];

    /// <summary>The npm registries with credentials on this machine (hosts only, from ReadContainerStagesNpmCredentials).</summary>
    public string[] NpmCredentialRegistries { get; set; } = [];

    /// <summary>ContainerStagesTestProject items; empty finds the solution's tests of this app.</summary>
    public ITaskItem[] TestProjects { get; set; } = [];

    /// <summary>SolutionPath, when a solution is being built.</summary>
    public string? SolutionPath { get; set; }

    /// <summary>ContainerStagesBuildArg items (Include = name, Value).</summary>
    public ITaskItem[] BuildArgs { get; set; } = [];

    /// <summary>ContainerStagesPlatform, for example linux/arm64.</summary>
    public string? Platform { get; set; }

    /// <summary>ContainerStagesCacheFrom items.</summary>
    public ITaskItem[] CacheFrom { get; set; } = [];

    /// <summary>ContainerStagesCacheTo.</summary>
    public string? CacheTo { get; set; }

    /// <summary>ContainerOsPackage items: OS packages the runtime stage installs.</summary>
    public ITaskItem[] OsPackages { get; set; } = [];

    /// <summary>ContainerStagesWritablePath items: folders the app user owns.</summary>
    public ITaskItem[] WritablePaths { get; set; } = [];

    /// <summary>ContainerStagesHealthCheck: a JSON array (exec form), one line of shell, or NONE.</summary>
    public string? HealthCheck { get; set; }

    public string? HealthCheckInterval { get; set; }

    public string? HealthCheckTimeout { get; set; }

    public string? HealthCheckStartPeriod { get; set; }

    public string? HealthCheckRetries { get; set; }

    /// <summary>ContainerAppCommand items, in order: replace the app's own start command.</summary>
    public ITaskItem[] AppCommand { get; set; } = [];

    /// <summary>ContainerAppCommandArgs items, in order: always passed to the app command.</summary>
    public ITaskItem[] AppCommandArgs { get; set; } = [];

    /// <summary>ContainerDefaultArgs items, in order: the image's CMD.</summary>
    public ITaskItem[] DefaultArgs { get; set; } = [];

    /// <summary>ContainerAppCommandInstruction: Entrypoint (the default), DefaultArgs or None.</summary>
    public string? AppCommandInstruction { get; set; }

    /// <summary>ContainerStagesNodeApp: the project describes the Node.js app in <see cref="NodeRoot"/>.</summary>
    public bool NodeApp { get; set; }

    /// <summary>ContainerStagesNodeRoot: the folder of package.json.</summary>
    public string? NodeRoot { get; set; }

    /// <summary>ContainerStagesNodeOutput: what the Node.js build produces that the app runs.</summary>
    public string[] NodeOutput { get; set; } = [];

    /// <summary>ContainerStagesSpaRoot as a full path: an ASP.NET Core app's JavaScript front end.</summary>
    public string? SpaRoot { get; set; }

    /// <summary>ContainerStagesSpaOutput: the folder the front end's build writes.</summary>
    public string? SpaOutput { get; set; }

    /// <summary>ContainerStagesSpaImage: the front-end stage's Node.js image.</summary>
    public string? SpaImage { get; set; }

    /// <summary>Where the decisions are saved for ReadContainerStagesPlan (in obj/).</summary>
    [Required] public string PlanFile { get; set; } = string.Empty;

    [Output] public ITaskItem[] FilesWritten { get; private set; } = [];

    public override bool Execute()
    {
        try
        {
            // Said before planning, which may fail over that very file (an unknown stage).
            var project = DescribeProject();
            var dockerfile = DockerfileChoice.Resolve(project.ProjectDirectory, DockerfilePath);
            if (dockerfile.UserOwned)
            {
                Log.LogMessageFromResources(MessageImportance.High, nameof(Strings.DockerfileOwnedByUser), dockerfile.Path);
            }
            else if (dockerfile.HandWrittenBeside is { } handWritten)
            {
                Log.LogMessageFromResources(MessageImportance.High, nameof(Strings.DockerfileBesideHandWritten), handWritten, Path.GetFileName(dockerfile.Path));
            }

            var plan = BuildPlanner.Plan(project, ReadSettings());
            if (GenerateLabels && Git?.ConfigFile is { } gitConfig && File.Exists(gitConfig))
            {
                // The source label is declared only while origin is a URL: a new remote must regenerate.
                plan = plan with { RestoreInputFiles = [.. plan.RestoreInputFiles, ContextPaths.Relative(plan.ContextDirectory, gitConfig)] };
            }
            foreach (var (resource, arguments) in plan.Warnings)
            {
                LogWarning(resource, ProjectPath, 0, arguments);
            }

            foreach (var (resource, arguments) in plan.Messages)
            {
                Log.LogMessageFromResources(MessageImportance.Normal, resource, arguments);
            }

            var written = new List<ITaskItem>();
            if (!plan.PassedOver)
            {
                WriteDockerfile(plan, written);
                WriteDockerIgnore(plan, written);
            }

            SavedBuildPlan.From(plan).Write(PlanFile);
            written.Add(new Microsoft.Build.Utilities.TaskItem(PlanFile));
            FilesWritten = written.ToArray();
        }
        catch (ContainerStagesException error)
        {
            LogError(error);
        }

        return !Log.HasLoggedErrors;
    }

    private void WriteDockerfile(BuildPlan plan, List<ITaskItem> written)
    {
        if (plan.GeneratedDockerfile is null)
        {
            return;
        }

        Log.LogMessageFromResources(MessageImportance.Low, nameof(Strings.RestoreInputs), plan.RestoreInputFiles.Count, string.Join(", ", plan.RestoreInputFiles));
        if (GeneratedFile.WriteIfChanged(plan.DockerfilePath, plan.GeneratedDockerfile))
        {
            Log.LogMessageFromResources(MessageImportance.High, nameof(Strings.DockerfileWritten), plan.DockerfilePath, string.Join(", ", plan.Stages), plan.ContextDirectory);
        }
        else
        {
            Log.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.DockerfileUpToDate), plan.DockerfilePath);
        }

        written.Add(new Microsoft.Build.Utilities.TaskItem(plan.DockerfilePath));
    }

    private void WriteDockerIgnore(BuildPlan plan, List<ITaskItem> written)
    {
        string path = plan.DockerIgnorePath ?? DockerIgnoreFile.PathIn(plan.ContextDirectory);
        if (DockerIgnoreFile.ReadText(path) is { } existing && !DockerIgnoreDefaults.IsGenerated(existing))
        {
            Log.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.DockerIgnoreOwnedByUser), path);
            return;
        }

        if (GeneratedFile.WriteIfChanged(path, plan.DockerIgnoreText ?? DockerIgnoreDefaults.Text))
        {
            Log.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.DockerIgnoreWritten), path);
        }

        written.Add(new Microsoft.Build.Utilities.TaskItem(path));
    }

    private ProjectDescription DescribeProject() => new()
    {
        ProjectPath = ProjectPath,
        AssetsFilePath = ProjectAssetsFile,
        AssemblyName = AssemblyName,
        TargetFileName = TargetFileName,
        TargetFrameworkVersion = TargetFrameworkVersion,
        TargetFramework = TargetFramework,
        TargetFrameworks = TargetFrameworks,
        OutputType = string.IsNullOrEmpty(OutputType) ? "Library" : OutputType,
        IsTestProject = IsTestProject,
        IsWebProject = IsWebProject,
        IsBlazorWebAssembly = IsBlazorWebAssembly,
        Configuration = Configuration,
        Version = Version,
        SdkRoot = SdkRoot,
        RuntimeIdentifier = RuntimeIdentifier,
        SelfContained = SelfContained,
        PublishSingleFile = PublishSingleFile,
        PublishTrimmed = PublishTrimmed,
        PublishAot = PublishAot,
        PublishReadyToRun = PublishReadyToRun,
        InvariantGlobalization = InvariantGlobalization,
        NodeAppDirectory = NodeApp ? (string.IsNullOrWhiteSpace(NodeRoot) ? Path.GetDirectoryName(Path.GetFullPath(ProjectPath)) : NodeRoot) : null,
    };

    private GitRepositoryInfo? Git => _git ??= GitRepositoryReader.Read(Path.GetDirectoryName(Path.GetFullPath(ProjectPath))!);

    private GitRepositoryInfo? _git;

    private ContainerSettings ReadSettings() => new()
    {
        DockerfilePath = DockerfilePath,
        Target = Target,
        VisualStudioDockerfileContext = VisualStudioDockerfileContext,
        VisualStudioTargetOs = VisualStudioTargetOs,
        ContextDirectory = ContextDirectory,
        BaseImage = BaseImage,
        SdkImage = SdkImage,
        Family = ContainerFamily,
        Repository = Repository,
        ImageTag = ImageTag,
        ImageTags = ImageTags,
        User = User,
        WorkingDirectory = WorkingDirectory,
        Ports = Ports.Select(p => (p.ItemSpec, (string?)ItemMetadataOrEmpty(p, "Type"))).ToList(),
        EnvironmentVariables = NameValuePairs(EnvironmentVariables),
        Labels = NameValuePairs(Labels),
        GenerateLabels = GenerateLabels,
        GenerateCreatedLabel = GenerateCreatedLabel,
        LabelVersion = LabelVersion,
        LabelTitle = LabelTitle,
        LabelDescription = LabelDescription,
        UnderSourceControl = GenerateLabels && (!string.IsNullOrWhiteSpace(SourceRevisionId) || Git is not null),
        // The same choice as ReadContainerStagesBuildMetadata's: RepositoryUrl first, then git's remote.
        HasSourceUrl = GenerateLabels
            && SourceControl.RepositoryUrl.Normalize(string.IsNullOrWhiteSpace(RepositoryUrl) ? Git?.RemoteUrl : RepositoryUrl) is not null,
        RuntimeIdentifier = ContainerRuntimeIdentifier,
        RunTests = RunTests,
        NuGetCredentialSources = NuGetCredentialSources.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList(),
        NpmCredentialRegistries = NpmCredentialRegistries.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList(),
        TestProjects = TestProjects.Select(t => t.GetMetadata("FullPath")).ToList(),
        SolutionPath = SolutionPath,
        BuildArgs = NameValuePairs(BuildArgs),
        Platform = Platform,
        CacheFrom = CacheFrom.Select(c => c.ItemSpec).ToList(),
        CacheTo = CacheTo,
        OsPackages = OsPackages.Select(p => p.ItemSpec).ToList(),
        WritablePaths = WritablePaths.Select(p => p.ItemSpec).ToList(),
        HealthCheck = HealthCheck,
        HealthCheckInterval = HealthCheckInterval,
        HealthCheckTimeout = HealthCheckTimeout,
        HealthCheckStartPeriod = HealthCheckStartPeriod,
        HealthCheckRetries = HealthCheckRetries,
        AppCommand = AppCommand.Select(a => a.ItemSpec).ToList(),
        AppCommandArgs = AppCommandArgs.Select(a => a.ItemSpec).ToList(),
        DefaultArgs = DefaultArgs.Select(a => a.ItemSpec).ToList(),
        AppCommandInstruction = AppCommandInstruction,
        NodeOutputPaths = NodeOutput,
        SpaRoot = SpaRoot,
        SpaOutput = SpaOutput,
        SpaImage = SpaImage,
    };

    /// <summary>Items whose Include is a name and whose Value metadata is its value, in item order.</summary>
    private static List<KeyValuePair<string, string>> NameValuePairs(ITaskItem[] items) =>
        items.Select(item => KeyValuePair.Create(item.ItemSpec, ItemMetadataOrEmpty(item, "Value"))).ToList();
}
