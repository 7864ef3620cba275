using ContainerStages.DockerConfig;
using ContainerStages.Registry;

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

    /// <summary>Removes an image that no reference names; an image a tag still names is left alone.</summary>
    Task RemoveUntaggedImageAsync(string imageId, CancellationToken cancellationToken);

    /// <summary>Pulls an image with the registry's login (X-Registry-Auth); the registry's error, or null when it came.</summary>
    Task<string?> PullImageAsync(string image, RegistryCredentials credentials, CancellationToken cancellationToken);

    /// <summary>Tags an image the engine has as repository:tag (replacing what that name pointed to).</summary>
    Task TagImageAsync(string image, string repository, string tag, CancellationToken cancellationToken);

    /// <summary>
    /// Pushes repository:tag through the engine, which talks to the registry; the registry's errors come
    /// back in the response, not as exceptions. Credentials travel only in the request's auth header.
    /// </summary>
    Task<ImagePushResponse> PushImageAsync(string repository, string tag, RegistryCredentials? credentials, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a BuildKit session (POST /session upgraded to h2c) on a connection of its own: the upgraded
    /// connection and the bytes the engine already sent after its 101. An engine without sessions
    /// throws <see cref="SessionRefusedException"/>, which this default does.
    /// </summary>
    Task<(Stream Connection, byte[] Preface)> OpenSessionAsync(string sessionId, string name, string sharedKey, CancellationToken cancellationToken) =>
        throw new SessionRefusedException("this engine client opens no sessions");

    /// <summary>Where the engine keeps images and build cache (docker info's DockerRootDir); null when it does not say.</summary>
    Task<string?> GetDataRootAsync(CancellationToken cancellationToken);

    /// <summary>The engine's image export (docker save) of the named images: a tar that `docker load` reads back, tags included.</summary>
    Task<Stream> SaveImagesAsync(IReadOnlyList<string> images, CancellationToken cancellationToken);
}
