namespace ContainerStages.Engine;

/// <summary>The seam between the build logic and the Docker Engine API.</summary>
internal interface IContainerEngine : IDisposable
{
    /// <summary>Connects and pins the API version; fails with a coded error within the connect timeout.</summary>
    Task<EngineInfo> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Starts a BuildKit build and returns the engine's raw JSON-lines response stream.</summary>
    Task<Stream> StartBuildAsync(Stream contextTar, ImageBuildRequest request, CancellationToken cancellationToken);

    Task<ImageDetails> InspectImageAsync(string imageId, CancellationToken cancellationToken);

    /// <returns>The image's details, or null when the engine has no such image.</returns>
    Task<ImageDetails?> TryInspectImageAsync(string reference, CancellationToken cancellationToken);

    /// <summary>The image's history, oldest instruction first (the engine answers newest first).</summary>
    Task<IReadOnlyList<ImageHistoryEntry>> GetImageHistoryAsync(string image, CancellationToken cancellationToken);

    /// <summary>Points <paramref name="reference"/> (repository:tag) at the image, moving it from any other image.</summary>
    Task TagImageAsync(string imageId, string reference, CancellationToken cancellationToken);

    /// <summary>Removes an image that no reference names; an image a tag still names is left alone.</summary>
    Task RemoveUntaggedImageAsync(string imageId, CancellationToken cancellationToken);
}
