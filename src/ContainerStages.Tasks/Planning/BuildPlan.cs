using ContainerStages.Stacks;

namespace ContainerStages.Planning;

/// <summary>Everything decided before the engine is asked for anything.</summary>
internal sealed record BuildPlan
{
    /// <summary>The name of the stack that planned the build, which reads its failures.</summary>
    public required string Stack { get; init; }

    public required string ContextDirectory { get; init; }

    /// <summary>The project gets no image in this build (a hosted Blazor WebAssembly client in a solution publish).</summary>
    public bool PassedOver { get; init; }

    public required string DockerfilePath { get; init; }

    /// <summary>The ignore file the context honours (and that is written when it is ours); null is the context root's .dockerignore.</summary>
    public string? DockerIgnorePath { get; init; }

    /// <summary>The user's own default Dockerfile that <see cref="DockerfilePath"/> was generated beside; null otherwise.</summary>
    public string? HandWrittenDockerfile { get; init; }

    /// <summary>The text to write, or null when the Dockerfile at the path belongs to the user.</summary>
    public string? GeneratedDockerfile { get; init; }

    /// <summary>The .dockerignore to write when it is ours; null for the shared defaults (<see cref="Context.DockerIgnoreDefaults.Text"/>).</summary>
    public string? DockerIgnoreText { get; init; }

    public required IReadOnlyList<string> Stages { get; init; }

    public required string Target { get; init; }

    /// <summary>The stage that holds the app on its build image, which the size report compares the image with; null for none.</summary>
    public string? SingleStageTarget { get; init; }

    /// <summary>The stage of <see cref="SingleStageTarget"/> that holds the SDK and the packages (see <see cref="Stacks.StackPlan.SingleStageBaseStage"/>).</summary>
    public string? SingleStageBaseStage { get; init; }

    /// <summary>The stage of the tests' results, exported after a build of <see cref="Target"/>; null when none is.</summary>
    public string? TestResultsStage { get; init; }

    public required string Repository { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public required string BaseImage { get; init; }

    public required string SdkImage { get; init; }

    public IReadOnlyList<string> RestoreInputFiles { get; init; } = [];

    /// <summary>Build arguments: BUILD_CONFIGURATION from -c, then the user's ContainerStagesBuildArg items.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The one platform to build (ContainerStagesPlatform, or the app's RID's); null for the engine's own.</summary>
    public string? Platform { get; init; }

    /// <summary>The platforms of a multi-platform publish, one image each under one index; empty for one platform.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    /// <summary>Things the user should know that do not stop the build: (message resource, arguments).</summary>
    public IReadOnlyList<(string Resource, object?[] Arguments)> Warnings { get; init; } = [];

    /// <summary>Decisions worth a line in a normal-verbosity log: (message resource, arguments).</summary>
    public IReadOnlyList<(string Resource, object?[] Arguments)> Messages { get; init; } = [];

    /// <summary>Whether the image may take the host's publish output instead of building the app again.</summary>
    public HostPublishPlan HostPublish { get; init; } = HostPublishPlan.NotApplicable;

    public IEnumerable<string> ImageReferences => Tags.Select(tag => $"{Repository}:{tag}");
}
