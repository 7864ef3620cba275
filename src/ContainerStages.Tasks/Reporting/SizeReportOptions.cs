namespace ContainerStages.Reporting;

internal sealed record SizeReportOptions
{
    /// <summary>Where the JSON report goes; null writes none.</summary>
    public string? ReportFile { get; init; }

    /// <summary>A Markdown file the summary is appended to (GITHUB_STEP_SUMMARY, for example); null writes none.</summary>
    public string? SummaryFile { get; init; }

    /// <summary>The largest image, in bytes, that may be tagged; null for no budget.</summary>
    public long? MaxImageSize { get; init; }

    /// <summary>The stage that holds the app on its build image (a single-stage Dockerfile's image), measured beside it; null for none.</summary>
    public string? SingleStageTarget { get; init; }

    /// <summary>
    /// The stage under <see cref="SingleStageTarget"/> with the SDK and the packages: when every step of it came
    /// from the cache, the single-stage size of the last report is repeated rather than measured again.
    /// </summary>
    public string? SingleStageBaseStage { get; init; }

    /// <summary>ContainerStagesMaxImageSize as the user wrote it, for the error.</summary>
    public string? MaxImageSizeText { get; init; }
}
