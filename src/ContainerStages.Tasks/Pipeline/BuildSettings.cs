using ContainerStages.Inputs;

namespace ContainerStages.Pipeline;

/// <summary>
/// The build step's settings that are not in the saved plan: what this publish made and where things
/// go. Filled by name from the items the targets pass (see <see cref="SettingsBinder"/>).
/// </summary>
internal sealed record BuildSettings
{
    /// <summary>The project's folder, where relative secret files are found and the NuGet config chain starts.</summary>
    public required string ProjectDirectory { get; init; }

    /// <summary>ContainerStagesHostBuild=false: Publish skipped the host's compile, so this build is the only one.</summary>
    public bool HostBuildSkipped { get; init; }

    /// <summary>The folder this dotnet publish wrote (PublishDir); null when the host did not publish.</summary>
    public string? HostPublishDirectory { get; init; }

    /// <summary>The image's time in seconds since 1970 (SOURCE_DATE_EPOCH), which the files sent from this machine get.</summary>
    public string? ImageTime { get; init; }

    /// <summary>The per-build build arguments (name=value): the image's time, the commit and the source URL.</summary>
    public IReadOnlyList<string> BuildMetadataArgs { get; init; } = [];

    /// <summary>ContainerStagesInlineCache: true or false; unset embeds BuildKit's inline cache only with ContainerStagesCacheFrom.</summary>
    public string? InlineCache { get; init; }

    /// <summary>ContainerStagesMaxImageSize: the largest image that may be tagged (120MB, 1.5GB, 120MiB or bytes).</summary>
    public string? MaxImageSize { get; init; }

    /// <summary>ContainerStagesReportFile: where the JSON size report is written.</summary>
    public string? ReportFile { get; init; }

    /// <summary>A Markdown file the size summary is appended to (ContainerStagesSummaryFile, or GITHUB_STEP_SUMMARY).</summary>
    public string? SummaryFile { get; init; }

    /// <summary>ContainerStagesSecret items: the id, with File or EnvironmentVariable metadata saying where its value is.</summary>
    public IReadOnlyList<SettingItem> Secrets { get; init; } = [];

    /// <summary>ContainerStagesNuGetCredential items: the source, with Username and PasswordEnvironmentVariable metadata.</summary>
    public IReadOnlyList<SettingItem> NuGetCredentials { get; init; } = [];

    /// <summary>ContainerStagesTestResultsDirectory: where the tests' TRX files are written after the build; null keeps them in the build.</summary>
    public string? TestResultsDirectory { get; init; }

    /// <summary>Where the test-run stage's attempt argument is kept (obj/), so a run after failed tests runs them again.</summary>
    public string? TestAttemptFile { get; init; }

    /// <summary>ContainerStagesSession: false builds without a BuildKit session (no secrets, session logins or exports).</summary>
    public bool UseSession { get; init; } = true;

    /// <summary>The folder of a Node.js app's package.json: its npm registries' credentials become the secret npm-credentials.</summary>
    public string? NpmPackageDirectory { get; init; }

    /// <summary>ContainerStagesNetwork: the network of the RUN steps, default, host or none.</summary>
    public string? Network { get; init; }

    /// <summary>ContainerRegistry or ContainerArchiveOutputPath is set: a multi-platform publish's index gets somewhere after the build.</summary>
    public bool IndexDestination { get; init; }

    /// <summary>Where the last successful build's inputs and image are recorded (obj/), for the next publish to keep an unchanged image.</summary>
    public string? ImageRecordFile { get; init; }

    /// <summary>ContainerStagesSkipUnchangedImage: false builds even when nothing the image is made from changed.</summary>
    public bool SkipUnchangedImage { get; init; } = true;

    /// <summary>ContainerStagesForwardSshAgent: RUN --mount=type=ssh reaches the agent of $SSH_AUTH_SOCK.</summary>
    public bool ForwardSshAgent { get; init; }
}
