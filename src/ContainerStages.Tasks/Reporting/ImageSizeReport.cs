namespace ContainerStages.Reporting;

/// <summary>What an image costs and where its bytes are: the content of the size messages, the JSON report and the Markdown summary.</summary>
internal sealed record ImageSizeReport
{
    public required string ImageId { get; init; }

    public required IReadOnlyList<string> References { get; init; }

    /// <summary>The Dockerfile stage the image was built from.</summary>
    public required string Target { get; init; }

    /// <summary>The engine's size of the image (what <c>docker images</c> shows).</summary>
    public required long Size { get; init; }

    /// <summary>The image the target stage starts FROM, when it can be told from the Dockerfile.</summary>
    public string? BaseImage { get; init; }

    /// <summary>Null when the engine does not have the base image under that name.</summary>
    public long? BaseImageSize { get; init; }

    /// <summary>The layers that hold bytes, oldest first.</summary>
    public required IReadOnlyList<ReportedLayer> Layers { get; init; }

    /// <summary>The stage whose image is the single-stage comparison (the generated Dockerfile's 'build').</summary>
    public string? SingleStage { get; init; }

    /// <summary>The size of <see cref="SingleStage"/>'s image: the app built and left where the SDK image built it.</summary>
    public long? SingleStageSize { get; init; }

    public required TimeSpan BuildDuration { get; init; }

    public required int CachedSteps { get; init; }

    public required int TotalSteps { get; init; }

    /// <summary>ContainerStagesMaxImageSize in bytes; null when no budget is set.</summary>
    public long? MaxImageSize { get; init; }

    public long? AppBytes => BaseImageSize is { } baseSize ? Size - baseSize : null;

    public bool WithinBudget => MaxImageSize is not { } max || Size <= max;

    /// <summary>How much smaller the image is than the single-stage one, in percent.</summary>
    public double? SavingPercent => SingleStageSize is { } single && single > 0 ? (single - Size) * 100d / single : null;

    /// <summary>The size of every stage that was built for the report, the target first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> StageSizes =>
        SingleStage is { } stage && SingleStageSize is { } size
            ? [new(Target, Size), new(stage, size)]
            : [new(Target, Size)];
}
