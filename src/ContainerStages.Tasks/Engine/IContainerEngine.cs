namespace ContainerStages.Engine;

/// <summary>The seam between the build logic and the Docker Engine API.</summary>
internal interface IContainerEngine : IDisposable
{
    /// <summary>Connects and pins the API version; fails with a coded error within the connect timeout.</summary>
    Task<EngineInfo> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Starts a BuildKit build and returns the engine's raw JSON-lines response stream.</summary>
    Task<Stream> StartBuildAsync(Stream contextTar, ImageBuildRequest request, CancellationToken cancellationToken);

    Task<ImageDetails> InspectImageAsync(string imageId, CancellationToken cancellationToken);
}
