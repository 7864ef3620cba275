namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// The step that made the build fail: its name (e.g. <c>[build 3/4] RUN dotnet build …</c>), BuildKit's
/// error for it, and the last lines it printed (stdout and stderr interleaved in arrival order).
/// </summary>
public sealed record BuildStepFailure(
    int StepNumber,
    string StepName,
    string Error,
    IReadOnlyList<string> LastOutputLines);
