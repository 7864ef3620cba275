using ContainerStages.Engine;
using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Pipeline;

/// <summary>
/// The log of the comparison build: it repeats, fully cached, steps the log has just shown, so its
/// progress would only be noise; its failure is reported on its own.
/// </summary>
internal sealed class QuietImageBuildLog : IImageBuildLog
{
    public static QuietImageBuildLog Instance { get; } = new();

    public void Connected(EngineInfo engine, ImageBuildInput input)
    {
    }

    public void ContextSent(string contextDirectory, int files, long bytes)
    {
    }

    public void ContextEntryLeftOut(string relativePath)
    {
    }

    public void StepSummary(int cachedSteps, int totalSteps)
    {
    }

    public void OnStep(BuildStepEvent step)
    {
    }

    public void OnLog(BuildLogEvent log)
    {
    }

    public void OnWarning(BuildWarningEvent warning)
    {
    }

    public void HostPublishUsed(string directory)
    {
    }

    public void HostPublishForOtherPlatform(string directory, string outputPlatform, string imagePlatform)
    {
    }

    public void BaseImagePulled(string image, string? error)
    {
    }

    public void SessionOpened(string? sessionId, string? refusedReason)
    {
    }
}
