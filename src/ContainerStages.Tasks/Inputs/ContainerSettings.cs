namespace ContainerStages.Inputs;

/// <summary>The user's container properties and items, as set (unset ones are null or empty).</summary>
internal sealed record ContainerSettings
{
    /// <summary>ContainerStagesDockerfile as set (relative to the project folder); empty chooses the project folder's Dockerfile, or one beside a hand-written one.</summary>
    public string? DockerfilePath { get; init; }

    /// <summary>ContainerStagesTarget as set; empty is 'runtime', or the last stage of the user's own Dockerfile.</summary>
    public string? Target { get; init; }

    /// <summary>Visual Studio's DockerfileContext (relative to the Dockerfile's folder), for a Dockerfile it scaffolded.</summary>
    public string? VisualStudioDockerfileContext { get; init; }

    /// <summary>Visual Studio's DockerDefaultTargetOS: set in projects whose Dockerfile it scaffolded.</summary>
    public string? VisualStudioTargetOs { get; init; }

    public string? ContextDirectory { get; init; }

    public string? BaseImage { get; init; }

    public string? SdkImage { get; init; }

    /// <summary>ContainerFamily, for example noble-chiseled or alpine: the tag suffix of the default images.</summary>
    public string? Family { get; init; }

    public string? Repository { get; init; }

    public string? ImageTag { get; init; }

    public string? ImageTags { get; init; }

    public string? User { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>ContainerPort items: the port (Include) and its optional Type metadata.</summary>
    public IReadOnlyList<(string Port, string? Type)> Ports { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentVariables { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>ContainerGenerateLabels: the OCI labels (created, version, title, description, source, revision).</summary>
    public bool GenerateLabels { get; init; } = true;

    /// <summary>ContainerGenerateLabelsImageCreated: the org.opencontainers.image.created label, when labels are generated.</summary>
    public bool GenerateCreatedLabel { get; init; } = true;

    /// <summary>The org.opencontainers.image.version label (ContainerVersion, else PackageVersion, else Version).</summary>
    public string? LabelVersion { get; init; }

    /// <summary>The org.opencontainers.image.title label (ContainerTitle, else Title, else the assembly name).</summary>
    public string? LabelTitle { get; init; }

    /// <summary>The org.opencontainers.image.description label (ContainerDescription, else Description).</summary>
    public string? LabelDescription { get; init; }

    /// <summary>SourceLink's SourceRevisionId, when it ran.</summary>
    public string? SourceRevisionId { get; init; }

    /// <summary>RepositoryUrl, or SourceLink's PrivateRepositoryUrl.</summary>
    public string? RepositoryUrl { get; init; }

    /// <summary>Derived, not set: the project is in a git repository (or SourceLink knows its commit), so the image gets source and revision labels.</summary>
    public bool UnderSourceControl { get; init; }

    /// <summary>Derived, not set: RepositoryUrl, or git's origin, is a URL (not a local path), so the image gets a source label.</summary>
    public bool HasSourceUrl { get; init; }

    /// <summary>ContainerRuntimeIdentifier: the RID of the image's app, as the SDK's container publish reads it.</summary>
    public string? RuntimeIdentifier { get; init; }

    /// <summary>ContainerRuntimeIdentifiers: one image per RID's platform, under one image index.</summary>
    public IReadOnlyList<string> RuntimeIdentifiers { get; init; } = [];

    /// <summary>ContainerStagesTest: add the 'test' stage and make the image wait for it.</summary>
    public bool RunTests { get; init; }

    /// <summary>The package sources whose credentials the restore gets as a BuildKit secret (names only).</summary>
    public IReadOnlyList<string> NuGetCredentialSources { get; init; } = [];

    /// <summary>The npm registries whose credentials the install steps get as a BuildKit secret (hosts only).</summary>
    public IReadOnlyList<string> NpmCredentialRegistries { get; init; } = [];

    /// <summary>ContainerStagesTestProject items (full paths); empty means the solution's tests of this app.</summary>
    public IReadOnlyList<string> TestProjects { get; init; } = [];

    /// <summary>The solution being built (SolutionPath), where test projects are looked for.</summary>
    public string? SolutionPath { get; init; }

    /// <summary>ContainerStagesBuildArg items (Include = name, Value).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BuildArgs { get; init; } = [];

    /// <summary>ContainerStagesPlatform, for example linux/arm64: the build's platform.</summary>
    public string? Platform { get; init; }

    /// <summary>ContainerStagesCacheFrom items: images whose layers seed the build cache.</summary>
    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    /// <summary>ContainerStagesCacheTo: a cache export, which the engine's /build cannot do.</summary>
    public string? CacheTo { get; init; }

    /// <summary>ContainerOsPackage items: packages the runtime stage installs with the base image's package manager.</summary>
    public IReadOnlyList<string> OsPackages { get; init; } = [];

    /// <summary>ContainerStagesWritablePath items: folders (relative to the working directory, or absolute) the app user owns.</summary>
    public IReadOnlyList<string> WritablePaths { get; init; } = [];

    /// <summary>ContainerStagesHealthCheck: a JSON array (exec form), one line of shell, or NONE.</summary>
    public string? HealthCheck { get; init; }

    public string? HealthCheckInterval { get; init; }

    public string? HealthCheckTimeout { get; init; }

    public string? HealthCheckStartPeriod { get; init; }

    public string? HealthCheckRetries { get; init; }

    /// <summary>ContainerAppCommand items, in order.</summary>
    public IReadOnlyList<string> AppCommand { get; init; } = [];

    /// <summary>ContainerAppCommandArgs items, in order.</summary>
    public IReadOnlyList<string> AppCommandArgs { get; init; } = [];

    /// <summary>ContainerDefaultArgs items, in order.</summary>
    public IReadOnlyList<string> DefaultArgs { get; init; } = [];

    /// <summary>ContainerAppCommandInstruction: Entrypoint (the default), DefaultArgs or None.</summary>
    public string? AppCommandInstruction { get; init; }

    /// <summary>ContainerStagesNodeOutput: what a Node.js build produces that the app runs (relative paths).</summary>
    public IReadOnlyList<string> NodeOutputPaths { get; init; } = [];

    /// <summary>ContainerStagesSpaRoot as a full path: the front end's folder; null for none.</summary>
    public string? SpaRoot { get; init; }

    /// <summary>ContainerStagesSpaOutput: the folder the front end's build writes, relative to its root.</summary>
    public string? SpaOutput { get; init; }

    /// <summary>ContainerStagesSpaImage: the front-end stage's Node.js image.</summary>
    public string? SpaImage { get; init; }
}
