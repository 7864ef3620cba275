using ContainerStages.Engine;
using ContainerStages.Engine.BuildKit;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>Maps the builder's progress onto coded MSBuild messages and warnings.</summary>
internal sealed class MSBuildImageBuildLog : IImageBuildLog
{
    private readonly BuildContainerStagesImage _task;

    public MSBuildImageBuildLog(BuildContainerStagesImage task) => _task = task;

    public void Connected(EngineInfo engine, ImageBuildInput input) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Normal, "EngineConnected", input.Target, input.DockerfilePath, engine.EngineVersion, engine.ApiVersion, engine.Endpoint);

    public void ContextSent(string contextDirectory, int files, long bytes) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Low, "ContextSent", contextDirectory, files, bytes);

    public void ContextEntryLeftOut(string relativePath) =>
        _task.LogWarning("ContextEntryLeftOut", null, 0, relativePath);

    public void StepSummary(int cachedSteps, int totalSteps) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Normal, "StepSummary", cachedSteps, totalSteps);

    public void BaseImagePulled(string image, string? error) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Normal, "BaseImagePulled", image, error ?? "done");

    public void OnStep(BuildStepEvent step) =>
        _task.Logger.LogMessageFromResources(Importance(step.Importance), "BuildProgress", step.Text);

    public void OnLog(BuildLogEvent log) =>
        _task.Logger.LogMessageFromResources(Importance(log.Importance), "BuildProgress", log.Text);

    public void OnWarning(BuildWarningEvent warning) =>
        _task.LogWarning("BuildWarning", warning.File, warning.Line ?? 0, warning.Text);

    private static MessageImportance Importance(BuildProgressImportance importance) => importance switch
    {
        BuildProgressImportance.High => MessageImportance.High,
        BuildProgressImportance.Normal => MessageImportance.Normal,
        _ => MessageImportance.Low,
    };
}
