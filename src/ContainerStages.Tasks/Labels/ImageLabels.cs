using ContainerStages.Dockerfile;
using ContainerStages.SourceControl;

namespace ContainerStages.Labels;

/// <summary>
/// The OCI labels the image gets, as the SDK's container publish generates them (ContainerGenerateLabels).
/// Those that stay the same from build to build (version, title, description) are written in the
/// Dockerfile. Those that change with every build or commit (created, revision) and the one that
/// depends on the clone (source) are build arguments, declared after the runtime stage's last layer:
/// BuildKit keeps labels in the image config only, so no cached step depends on them, and a
/// committed Dockerfile does not change with every commit.
/// </summary>
internal static class ImageLabels
{
    public const string Created = "org.opencontainers.image.created";
    public const string Version = "org.opencontainers.image.version";
    public const string Title = "org.opencontainers.image.title";
    public const string Description = "org.opencontainers.image.description";
    public const string Source = "org.opencontainers.image.source";
    public const string Revision = "org.opencontainers.image.revision";

    public const string CreatedArgument = "CONTAINERSTAGES_IMAGE_CREATED";
    public const string SourceArgument = "CONTAINERSTAGES_IMAGE_SOURCE";
    public const string RevisionArgument = "CONTAINERSTAGES_IMAGE_REVISION";

    /// <summary>The labels written in the Dockerfile, without the empty ones; values on one line.</summary>
    public static List<KeyValuePair<string, string>> ProjectLabels(string? version, string? title, string? description) =>
        new (string Name, string? Value)[] { (Version, version), (Title, title), (Description, description) }
            .Where(l => !string.IsNullOrWhiteSpace(l.Value))
            .Select(l => KeyValuePair.Create(l.Name, OneLine(l.Value!)))
            .ToList();

    /// <summary>
    /// The labels given per build: created unless turned off, revision only where the project is under
    /// source control, source only where its repository has a URL (<see cref="RepositoryUrl.Normalize"/>).
    /// A LABEL whose argument no build sets would be an empty string, which says nothing and looks like a value.
    /// </summary>
    public static List<BuildArgumentLabel> BuildTimeLabels(bool underSourceControl, bool hasSourceUrl, bool created = true)
    {
        var labels = new List<BuildArgumentLabel>();
        if (created)
        {
            labels.Add(new BuildArgumentLabel(Created, CreatedArgument));
        }

        if (hasSourceUrl)
        {
            labels.Add(new BuildArgumentLabel(Source, SourceArgument));
        }

        if (underSourceControl)
        {
            labels.Add(new BuildArgumentLabel(Revision, RevisionArgument));
        }

        return labels;
    }

    /// <summary>
    /// The build arguments behind <see cref="BuildTimeLabels"/>. SourceLink's values win (RepositoryUrl,
    /// SourceRevisionId); the git folder fills in what it did not compute. The creation time is
    /// <see cref="ImageCreatedTime"/>: from the sources unless the user asked for the build's time.
    /// </summary>
    public static Dictionary<string, string> BuildArguments(GitRepositoryInfo? git, string? repositoryUrl, string? sourceRevisionId, ImageCreatedTime created)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CreatedArgument] = created.Rfc3339,
        };
        if (RepositoryUrl.Normalize(NonEmpty(repositoryUrl) ?? git?.RemoteUrl) is { } source)
        {
            arguments[SourceArgument] = source;
        }

        if ((NonEmpty(sourceRevisionId) ?? git?.HeadCommit) is { } revision)
        {
            arguments[RevisionArgument] = revision;
        }

        return arguments;
    }

    private static string OneLine(string value) =>
        string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
