namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// A BuildKit build warning, meant to become an MSBuild warning. <see cref="File"/> and <see cref="Line"/>
/// point into the Dockerfile when BuildKit sent a source location (Line is 1-based, as BuildKit reports it).
/// </summary>
public sealed record BuildWarningEvent(
    int? StepNumber,
    string? StepName,
    string Message,
    IReadOnlyList<string> Detail,
    string? Url,
    string? File,
    int? Line,
    string Text);
