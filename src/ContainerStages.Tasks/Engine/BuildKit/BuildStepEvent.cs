namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// A state change of one build step (BuildKit vertex). <see cref="Text"/> is the ready-to-log line
/// in <c>docker buildx build --progress=plain</c> style; the other properties let callers decide
/// differently. <see cref="IsDockerfileStep"/> is true for <c>[stage n/m] INSTRUCTION</c> vertexes,
/// false for BuildKit plumbing such as <c>[internal] load remote build context</c> or <c>exporting to image</c>.
/// </summary>
public sealed record BuildStepEvent(
    BuildStepEventKind Kind,
    int StepNumber,
    string StepName,
    bool IsDockerfileStep,
    TimeSpan? Duration,
    string? Error,
    BuildProgressImportance Importance,
    string Text);
