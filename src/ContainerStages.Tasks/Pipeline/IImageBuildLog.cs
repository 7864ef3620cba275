using ContainerStages.Engine;
using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Pipeline;

/// <summary>Where <see cref="ImageBuilder"/> reports; the MSBuild task maps it to coded messages.</summary>
internal interface IImageBuildLog : IBuildProgressSink
{
    void Connected(EngineInfo engine, ImageBuildInput input);

    void ContextSent(string contextDirectory, int files, long bytes);

    /// <summary>A path of the context a tar cannot hold (a socket), left out as the Docker CLI leaves it out.</summary>
    void ContextEntryLeftOut(string relativePath);

    void StepSummary(int cachedSteps, int totalSteps);

    /// <summary>The image takes the app from the host's publish output.</summary>
    void HostPublishUsed(string directory);

    /// <summary>The host's publish output is for another platform than the image's: the app is built in the container.</summary>
    void HostPublishForOtherPlatform(string directory, string outputPlatform, string imagePlatform);

    /// <param name="error">Null when the pull succeeded.</param>
    void BaseImagePulled(string image, string? error);

    /// <param name="sessionId">The build's BuildKit session, or null when it has none.</param>
    /// <param name="refusedReason">Why the engine gave no session, when it did not.</param>
    void SessionOpened(string? sessionId, string? refusedReason);
}
