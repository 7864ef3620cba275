using System.Text.Json;
using ContainerStages.Dockerfile;
using ContainerStages.Stacks;

namespace ContainerStages.Planning;

/// <summary>
/// What the generation step decided, kept in obj/ so that the generation target can be skipped by
/// MSBuild's Inputs/Outputs check and the build target still knows what to build.
/// </summary>
internal sealed record SavedBuildPlan
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public required string Stack { get; init; }

    public required string ContextDirectory { get; init; }

    /// <summary>Nothing to build: the project gets no image in this build.</summary>
    public bool PassedOver { get; init; }

    public required string DockerfilePath { get; init; }

    public required string Target { get; init; }

    public string? SingleStageTarget { get; init; }

    public string? SingleStageBaseStage { get; init; }

    public string? TestResultsStage { get; init; }

    /// <summary>The ignore file the context honours; a deleted one makes the next publish write it again.</summary>
    public string? DockerIgnorePath { get; init; }

    public required string Repository { get; init; }

    public required IReadOnlyList<string> ImageReferences { get; init; }

    public required string BaseImage { get; init; }

    public required string SdkImage { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    public string? Platform { get; init; }

    public IReadOnlyList<string> Platforms { get; init; } = [];

    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    public HostPublishPlan HostPublish { get; init; } = HostPublishPlan.NotApplicable;

    /// <summary>
    /// SHA-256 (hex) of the Dockerfile this plan builds, as generated or as the user's file was read: the
    /// build refuses a Dockerfile that another publish of the project rewrote meanwhile.
    /// </summary>
    public string? DockerfileSha256 { get; init; }

    /// <summary>The hash of the settings the plan was made from (the publish's properties and items).</summary>
    public string? SettingsFingerprint { get; init; }

    /// <summary>Full paths of the files the restore layer copies: the next run's generation inputs.</summary>
    public IReadOnlyList<string> RestoreInputFiles { get; init; } = [];

    public static SavedBuildPlan From(BuildPlan plan) => new()
    {
        Stack = plan.Stack,
        ContextDirectory = plan.ContextDirectory,
        PassedOver = plan.PassedOver,
        DockerfilePath = plan.DockerfilePath,
        Target = plan.Target,
        SingleStageTarget = plan.SingleStageTarget,
        SingleStageBaseStage = plan.SingleStageBaseStage,
        TestResultsStage = plan.TestResultsStage,
        DockerIgnorePath = plan.DockerIgnorePath,
        Repository = plan.Repository,
        ImageReferences = plan.ImageReferences.ToList(),
        BaseImage = plan.BaseImage,
        SdkImage = plan.SdkImage,
        BuildArgs = plan.BuildArgs,
        Platform = plan.Platform,
        Platforms = plan.Platforms,
        CacheFrom = plan.CacheFrom,
        HostPublish = plan.HostPublish,
        DockerfileSha256 = plan.PassedOver ? null
            : plan.GeneratedDockerfile is { } generated ? DockerfileHash.Of(System.Text.Encoding.UTF8.GetBytes(generated))
            : File.Exists(plan.DockerfilePath) ? DockerfileHash.Of(File.ReadAllBytes(plan.DockerfilePath)) : null,
        RestoreInputFiles = plan.RestoreInputFiles.Select(f => Path.GetFullPath(Path.Combine(plan.ContextDirectory, f))).ToList(),
    };

    public void Write(string path) => GeneratedFile.WriteIfChanged(path, JsonSerializer.Serialize(this, JsonOptions) + "\n");

    public static SavedBuildPlan Read(string path) =>
        JsonSerializer.Deserialize<SavedBuildPlan>(File.ReadAllText(path), JsonOptions)
        ?? throw new InvalidDataException($"{path} holds no build plan.");
}
