using ContainerStages.Engine;
using ContainerStages.Engine.BuildKit;
using ContainerStages.Pipeline;
using ContainerStages.Resources;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>Maps the builder's progress onto coded MSBuild messages and warnings.</summary>
internal sealed class MSBuildImageBuildLog : IImageBuildLog
{
    private readonly ContainerStagesTask _task;

    public MSBuildImageBuildLog(ContainerStagesTask task) => _task = task;

    public void Connected(EngineInfo engine, ImageBuildInput input) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.EngineConnected), input.Target, input.DockerfilePath, engine.EngineVersion, engine.ApiVersion, engine.Endpoint);

    public void ContextSent(string contextDirectory, int files, long bytes) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Low, nameof(Strings.ContextSent), contextDirectory, files, bytes);

    public void ContextEntryLeftOut(string relativePath) =>
        _task.LogWarning(nameof(Strings.ContextEntryLeftOut), null, 0, relativePath);

    public void StepSummary(int cachedSteps, int totalSteps) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.StepSummary), cachedSteps, totalSteps);

    public void HostPublishUsed(string directory) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.HostPublishUsed), directory);

    public void HostPublishForOtherPlatform(string directory, string outputPlatform, string imagePlatform) =>
        _task.Logger.LogMessageFromResources(MessageImportance.High, nameof(Strings.HostPublishForOtherPlatform), directory, outputPlatform, imagePlatform);

    public void BaseImagePulled(string image, string? error) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.BaseImagePulled), image, error ?? "done");

    public void SessionOpened(string? sessionId, string? refusedReason)
    {
        if (sessionId is not null)
        {
            _task.Logger.LogMessageFromResources(MessageImportance.Low, nameof(Strings.SessionOpened), sessionId);
        }
        else if (refusedReason is not null)
        {
            _task.Logger.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.SessionNotOpened), refusedReason);
        }
    }

    public void OnStep(BuildStepEvent step) =>
        _task.Logger.LogMessageFromResources(Importance(step.Importance), nameof(Strings.BuildProgress), step.Text);

    public void OnLog(BuildLogEvent log) =>
        _task.Logger.LogMessageFromResources(Importance(log.Importance), nameof(Strings.BuildProgress), log.Text);

    public void OnWarning(BuildWarningEvent warning) =>
        _task.LogWarning(nameof(Strings.BuildWarning), warning.File, warning.Line ?? 0, warning.Text);

    private static MessageImportance Importance(BuildProgressImportance importance) => importance switch
    {
        BuildProgressImportance.High => MessageImportance.High,
        BuildProgressImportance.Normal => MessageImportance.Normal,
        _ => MessageImportance.Low,
    };
}
