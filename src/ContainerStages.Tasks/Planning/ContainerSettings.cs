namespace ContainerStages.Planning;

/// <summary>The user's container properties and items, as set (unset ones are null or empty).</summary>
internal sealed record ContainerSettings
{
    public required string DockerfilePath { get; init; }

    public required string Target { get; init; }

    public string? ContextDirectory { get; init; }

    public string? BaseImage { get; init; }

    public string? SdkImage { get; init; }

    public string? Repository { get; init; }

    public string? ImageTag { get; init; }

    public string? ImageTags { get; init; }

    public string? User { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>ContainerPort items: the port (Include) and its optional Type metadata.</summary>
    public IReadOnlyList<(string Port, string? Type)> Ports { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentVariables { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>ContainerRuntimeIdentifier: the RID of the image's app, as the SDK's container publish reads it.</summary>
    public string? RuntimeIdentifier { get; init; }

    /// <summary>ContainerStagesTest: add the 'test' stage and make the image wait for it.</summary>
    public bool RunTests { get; init; }

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

    /// <summary>ContainerFamily: 'distroless' asks for a runtime with no shell.</summary>
    public string? Family { get; init; }

    /// <summary>ContainerStagesNodeOutput: what a Node.js build produces that the app runs (relative paths).</summary>
    public IReadOnlyList<string> NodeOutputPaths { get; init; } = [];

    /// <summary>ContainerStagesSpaRoot as a full path: the front end's folder; null for none.</summary>
    public string? SpaRoot { get; init; }

    /// <summary>ContainerStagesSpaOutput: the folder the front end's build writes, relative to its root.</summary>
    public string? SpaOutput { get; init; }

    /// <summary>ContainerStagesSpaImage: the front-end stage's Node.js image.</summary>
    public string? SpaImage { get; init; }
}
