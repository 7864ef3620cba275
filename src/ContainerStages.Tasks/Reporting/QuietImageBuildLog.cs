using ContainerStages.Engine;
using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Reporting;

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

    public void BaseImagePulled(string image, string? error)
    {
    }
}
