namespace ContainerStages.Stacks;

/// <summary>A stack's part of the build plan.</summary>
internal sealed record StackPlan
{
    public required string ContextDirectory { get; init; }

    /// <summary>The Dockerfile text to write, or null when the Dockerfile is the user's own.</summary>
    public string? GeneratedDockerfile { get; init; }

    /// <summary>The generated Dockerfile's stages in order; empty for the user's own file, whose stages the planner reads.</summary>
    public required IReadOnlyList<string> Stages { get; init; }

    /// <summary>The stage a generated Dockerfile builds by default.</summary>
    public required string DefaultTarget { get; init; }

    /// <summary>The stage that holds the app on its build image, which the size report compares the image with; null for none.</summary>
    public string? SingleStageTarget { get; init; }

    /// <summary>
    /// The stage under the single-stage target that holds the SDK and the restored packages, nearly all of
    /// its size: while that stage comes from the cache, the report repeats the size measured last; null
    /// measures the single-stage target on every build.
    /// </summary>
    public string? SingleStageBaseStage { get; init; }

    /// <summary>The stage that holds only the tests' results, exported after the build; null when no tests run.</summary>
    public string? TestResultsStage { get; init; }

    /// <summary>The targets whose build runs the tests, after which the results are exported.</summary>
    public IReadOnlyList<string> TestResultsTargets { get; init; } = [];

    /// <summary>The platform of the app's one RID (linux-arm64 gives linux/arm64); null builds for the engine's own.</summary>
    public string? Platform { get; init; }

    public required string BaseImage { get; init; }

    public required string SdkImage { get; init; }

    /// <summary>Files (relative to the context) whose change must regenerate the Dockerfile.</summary>
    public IReadOnlyList<string> InputFiles { get; init; } = [];

    /// <summary>The generated ignore file's text when the stack writes its own; null for the shared defaults.</summary>
    public string? DockerIgnoreText { get; init; }

    /// <summary>Build arguments the stack passes by default (BUILD_CONFIGURATION); the user's items win.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the default target may take the files the host's own build made.</summary>
    public HostPublishPlan HostPublish { get; init; } = HostPublishPlan.NotApplicable;

    public IReadOnlyList<(string Resource, object?[] Arguments)> Warnings { get; init; } = [];

    public IReadOnlyList<(string Resource, object?[] Arguments)> Messages { get; init; } = [];
}
