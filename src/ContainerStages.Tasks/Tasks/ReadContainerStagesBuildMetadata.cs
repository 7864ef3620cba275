using ContainerStages.Labels;
using ContainerStages.SourceControl;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>
/// The per-build values of the generated labels (creation time, source, revision), as build arguments
/// for the image build. Runs on every build: unlike the Dockerfile, they change without any input of it.
/// </summary>
public sealed class ReadContainerStagesBuildMetadata : ContainerStagesTask
{
    /// <summary>The project's folder; its git repository is looked for from here upwards.</summary>
    [Required] public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>RepositoryUrl, or SourceLink's PrivateRepositoryUrl.</summary>
    public string? RepositoryUrl { get; set; }

    /// <summary>SourceLink's SourceRevisionId, when it ran.</summary>
    public string? SourceRevisionId { get; set; }

    /// <summary>The SOURCE_DATE_EPOCH environment variable: seconds since 1970 that fix the creation time.</summary>
    public string? SourceDateEpoch { get; set; }

    /// <summary>NAME=value build arguments.</summary>
    [Output] public string[] BuildArgs { get; private set; } = [];

    public override bool Execute()
    {
        var git = GitRepositoryReader.Read(ProjectDirectory);
        BuildArgs = ImageLabels.BuildArguments(git, RepositoryUrl, SourceRevisionId, SourceDateEpoch, DateTimeOffset.UtcNow)
            .Select(a => $"{a.Key}={a.Value}")
            .ToArray();
        Log.LogMessageFromResources(MessageImportance.Low, "BuildMetadata", string.Join(", ", BuildArgs));
        return true;
    }
}
