namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// One complete line of output: from a step (<see cref="StepNumber"/> set; <see cref="Text"/> is
/// <c>#5 0.512 line</c>) or from the engine itself outside any step, such as
/// <c>Successfully tagged app:1</c> (<see cref="StepNumber"/> null).
/// </summary>
public sealed record BuildLogEvent(
    int? StepNumber,
    string? StepName,
    bool IsStandardError,
    string Line,
    BuildProgressImportance Importance,
    string Text);
