namespace ContainerStages.Registry;

/// <param name="Target">registry/repository:tag the index was put under.</param>
/// <param name="Digest">The index's digest (sha256:...), the same for every tag of one publish.</param>
/// <param name="Manifests">The platform manifests it names, in build order.</param>
internal sealed record PushedImageIndex(string Target, string Repository, string Tag, string Digest, string MediaType, IReadOnlyList<ManifestDescriptor> Manifests)
{
    /// <summary>The digest reference that pulls the index (each platform then pulls its own image).</summary>
    public string DigestReference => $"{Repository}@{Digest}";
}
