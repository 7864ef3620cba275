namespace ContainerStages.Labels;

/// <summary>Where <see cref="ImageCreatedTime"/> came from.</summary>
internal enum ImageCreatedTimeSource
{
    /// <summary>The SOURCE_DATE_EPOCH environment variable.</summary>
    SourceDateEpoch,

    /// <summary>The committer time of the commit HEAD points at.</summary>
    LastCommit,

    /// <summary>Neither of those: 1970-01-01T00:00:00Z, the same for every build.</summary>
    Fixed,

    /// <summary>ContainerStagesImageCreated=now: the build's own time, different on every build.</summary>
    BuildTime,

    /// <summary>ContainerStagesImageCreated set to a date and time.</summary>
    Setting,
}
