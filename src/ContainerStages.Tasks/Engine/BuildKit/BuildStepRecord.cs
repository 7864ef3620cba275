namespace ContainerStages.Engine.BuildKit;

/// <summary>What happened to one displayed step, for the summary after the build.</summary>
public sealed record BuildStepRecord(
    int Number,
    string Name,
    bool IsDockerfileStep,
    bool Completed,
    bool Cached,
    TimeSpan? Duration,
    string? Error)
{
    /// <summary>A <c>[stage 1/n] FROM …</c> step, which resolves a base image rather than building anything.</summary>
    public bool IsBaseImage => BuildStepNames.IsBaseImageStep(Name);
}
