using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Engine;

/// <summary>Where <see cref="ImageBuilder"/> reports; the MSBuild task maps it to coded messages.</summary>
internal interface IImageBuildLog : IBuildProgressSink
{
    void Connected(EngineInfo engine, ImageBuildInput input);

    void ContextSent(string contextDirectory, int files, long bytes);

    /// <summary>A path of the context a tar cannot hold (a socket), left out as the Docker CLI leaves it out.</summary>
    void ContextEntryLeftOut(string relativePath);

    void StepSummary(int cachedSteps, int totalSteps);

    /// <param name="error">Null when the pull succeeded.</param>
    void BaseImagePulled(string image, string? error);
}
