namespace ContainerStages.Registry;

/// <summary>What an image index names of one platform's manifest: its type, digest and size, as the registry holds it.</summary>
/// <param name="Platform">os/architecture[/variant], as in linux/arm/v7.</param>
internal sealed record ManifestDescriptor(string MediaType, string Digest, long Size, string Platform);
