namespace ContainerStages.Registry;

/// <summary>The registry calls an index push makes beside the engine's pushes (<see cref="RegistryClient"/>).</summary>
internal interface IImageIndexRegistry : IDisposable
{
    Task<ManifestDescriptor> GetManifestAsync(string repository, string digest, string platform, CancellationToken cancellationToken);

    Task<string> PutIndexAsync(string repository, string tag, ImageIndexDocument index, CancellationToken cancellationToken);
}
