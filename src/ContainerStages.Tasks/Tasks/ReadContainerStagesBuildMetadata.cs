using System.Globalization;
using ContainerStages.Labels;
using ContainerStages.Resources;
using ContainerStages.SourceControl;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>
/// The per-build values of the image: its time (SOURCE_DATE_EPOCH, which stamps the app's files and the
/// created label) and the generated labels' source and revision, as build arguments. Runs on every
/// build: unlike the Dockerfile, they change without any input of it.
/// </summary>
public sealed class ReadContainerStagesBuildMetadata : ContainerStagesTask
{
    /// <summary>The project's folder; its git repository is looked for from here upwards.</summary>
    [Required] public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>RepositoryUrl, or SourceLink's PrivateRepositoryUrl.</summary>
    public string? RepositoryUrl { get; set; }

    /// <summary>SourceLink's SourceRevisionId, when it ran.</summary>
    public string? SourceRevisionId { get; set; }

    /// <summary>The SOURCE_DATE_EPOCH environment variable: seconds since 1970 that fix the image's time.</summary>
    public string? SourceDateEpoch { get; set; }

    /// <summary>ContainerStagesImageCreated: empty takes the time from the sources, "now" the build's time, or a date and time.</summary>
    public string? ImageCreated { get; set; }

    /// <summary>ContainerGenerateLabels: false gives no label arguments (the time is still passed for the file times).</summary>
    public bool GenerateLabels { get; set; } = true;

    /// <summary>NAME=value build arguments.</summary>
    [Output] public string[] BuildArgs { get; private set; } = [];

    /// <summary>The image's time in seconds since 1970, for the files the build sends from this machine.</summary>
    [Output] public string ImageTime { get; private set; } = string.Empty;

    public override bool Execute()
    {
        var git = GitRepositoryReader.Read(ProjectDirectory);
        ImageCreatedTime created;
        try
        {
            created = ImageCreatedTime.Resolve(ImageCreated, SourceDateEpoch, git, DateTimeOffset.UtcNow);
        }
        catch (ContainerStagesException error)
        {
            LogError(error);
            return false;
        }

        var arguments = GenerateLabels ? ImageLabels.BuildArguments(git, RepositoryUrl, SourceRevisionId, created) : [];
        ImageTime = created.UnixSeconds.ToString(CultureInfo.InvariantCulture);
        arguments[ImageCreatedTime.BuildArgument] = ImageTime;
        BuildArgs = arguments.Select(a => $"{a.Key}={a.Value}").ToArray();
        Log.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.ImageTime), created.Rfc3339, Describe(created, git));
        Log.LogMessageFromResources(MessageImportance.Low, nameof(Strings.BuildMetadata), string.Join(", ", BuildArgs));
        return true;
    }

    private static string Describe(ImageCreatedTime created, GitRepositoryInfo? git) => created.Source switch
    {
        ImageCreatedTimeSource.SourceDateEpoch => "from SOURCE_DATE_EPOCH",
        ImageCreatedTimeSource.LastCommit => $"the time of the last commit, {git?.HeadCommit?[..Math.Min(12, git.HeadCommit.Length)]}",
        ImageCreatedTimeSource.BuildTime => "the build's time: ContainerStagesImageCreated=now, so the image differs on every build",
        ImageCreatedTimeSource.Setting => "from ContainerStagesImageCreated",
        _ => "a fixed time: no SOURCE_DATE_EPOCH and no git commit",
    };
}
