namespace ContainerStages.Registry;

/// <param name="Target">registry/repository:tag as pushed.</param>
/// <param name="Digest">The manifest digest the registry stored (sha256:...).</param>
internal sealed record PushedImage(string Target, string Repository, string Tag, string Digest, int Attempts)
{
    /// <summary>The digest reference that pulls exactly this image: registry/repository@sha256:...</summary>
    public string DigestReference => $"{Repository}@{Digest}";
}
