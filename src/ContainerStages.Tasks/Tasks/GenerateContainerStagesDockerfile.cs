using ContainerStages.Context;
using ContainerStages.Planning;
using ContainerStages.SourceControl;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>
/// Checks the container settings, writes the multi-stage Dockerfile and the context's .dockerignore
/// (unless the user owns them), and returns what the build needs.
/// </summary>
public sealed class GenerateContainerStagesDockerfile : ContainerStagesTask
{
    /// <summary>The project file (MSBuildProjectFullPath).</summary>
    [Required] public string ProjectPath { get; set; } = string.Empty;

    /// <summary>A hash of every generation setting, kept in the plan (see ReadContainerStagesPlan.ExpectedSettingsFingerprint).</summary>
    public string? SettingsFingerprint { get; set; }

    /// <summary>NuGet's project.assets.json, the source of the project graph and package sources.</summary>
    [Required] public string ProjectAssetsFile { get; set; } = string.Empty;

    [Required] public string AssemblyName { get; set; } = string.Empty;

    /// <summary>The built file the runtime stage starts (TargetFileName; empty in a multi-targeting outer build).</summary>
    public string TargetFileName { get; set; } = string.Empty;

    /// <summary>TargetFrameworkVersion, for example v10.0: picks the .NET image version (empty in an outer build).</summary>
    public string TargetFrameworkVersion { get; set; } = string.Empty;

    [Required] public string Configuration { get; set; } = string.Empty;

    [Required] public string Version { get; set; } = string.Empty;

    /// <summary>ContainerStagesDockerfile: where the Dockerfile is written (or read, when the user owns it).</summary>
    [Required] public string DockerfilePath { get; set; } = string.Empty;

    /// <summary>ContainerStagesTarget: the stage to build.</summary>
    [Required] public string Target { get; set; } = string.Empty;

    public string? TargetFramework { get; set; }

    public string? TargetFrameworks { get; set; }

    public string? OutputType { get; set; }

    public bool IsTestProject { get; set; }

    public bool IsWebProject { get; set; }

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

    public bool SelfContained { get; set; }

    public bool PublishSingleFile { get; set; }

    public bool PublishTrimmed { get; set; }

    public bool PublishAot { get; set; }

    /// <summary>The project's RuntimeIdentifier (from -r).</summary>
    public string? RuntimeIdentifier { get; set; }

    /// <summary>ContainerRuntimeIdentifier.</summary>
    public string? ContainerRuntimeIdentifier { get; set; }

    /// <summary>ContainerStagesTest: add a 'test' stage that must pass.</summary>
    public bool RunTests { get; set; }

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
            var plan = BuildPlanner.Plan(DescribeProject(), ReadSettings());
            foreach (var (resource, arguments) in plan.Warnings)
            {
                LogWarning(resource, ProjectPath, 0, arguments);
            }

            foreach (var (resource, arguments) in plan.Messages)
            {
                Log.LogMessageFromResources(MessageImportance.Normal, resource, arguments);
            }

            var written = new List<ITaskItem>();
            WriteDockerfile(plan, written);
            WriteDockerIgnore(plan, written);

            (SavedBuildPlan.From(plan) with { SettingsFingerprint = SettingsFingerprint }).Write(PlanFile);
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
            Log.LogMessageFromResources(MessageImportance.Normal, "DockerfileOwnedByUser", plan.DockerfilePath);
            return;
        }

        Log.LogMessageFromResources(MessageImportance.Low, "RestoreInputs", plan.RestoreInputFiles.Count, string.Join(", ", plan.RestoreInputFiles));
        if (GeneratedFile.WriteIfChanged(plan.DockerfilePath, plan.GeneratedDockerfile))
        {
            Log.LogMessageFromResources(MessageImportance.High, "DockerfileWritten", plan.DockerfilePath, string.Join(", ", plan.Stages), plan.ContextDirectory);
        }
        else
        {
            Log.LogMessageFromResources(MessageImportance.Normal, "DockerfileUpToDate", plan.DockerfilePath);
        }

        written.Add(new Microsoft.Build.Utilities.TaskItem(plan.DockerfilePath));
    }

    private void WriteDockerIgnore(BuildPlan plan, List<ITaskItem> written)
    {
        string path = DockerIgnoreFile.PathIn(plan.ContextDirectory);
        if (DockerIgnoreFile.ReadText(path) is { } existing && !DockerIgnoreDefaults.IsGenerated(existing))
        {
            Log.LogMessageFromResources(MessageImportance.Normal, "DockerIgnoreOwnedByUser", path);
            return;
        }

        if (GeneratedFile.WriteIfChanged(path, DockerIgnoreDefaults.Text))
        {
            Log.LogMessageFromResources(MessageImportance.Normal, "DockerIgnoreWritten", path);
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
        Configuration = Configuration,
        Version = Version,
        SdkRoot = SdkRoot,
        RuntimeIdentifier = RuntimeIdentifier,
        SelfContained = SelfContained,
        PublishSingleFile = PublishSingleFile,
        PublishTrimmed = PublishTrimmed,
        PublishAot = PublishAot,
        InvariantGlobalization = InvariantGlobalization,
        NodeAppDirectory = NodeApp ? (string.IsNullOrWhiteSpace(NodeRoot) ? Path.GetDirectoryName(Path.GetFullPath(ProjectPath)) : NodeRoot) : null,
    };

    private ContainerSettings ReadSettings() => new()
    {
        DockerfilePath = DockerfilePath,
        Target = Target,
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
        LabelVersion = LabelVersion,
        LabelTitle = LabelTitle,
        LabelDescription = LabelDescription,
        UnderSourceControl = GenerateLabels
            && (!string.IsNullOrWhiteSpace(SourceRevisionId) || GitRepositoryReader.Read(Path.GetDirectoryName(Path.GetFullPath(ProjectPath))!) is not null),
        RuntimeIdentifier = ContainerRuntimeIdentifier,
        RunTests = RunTests,
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
