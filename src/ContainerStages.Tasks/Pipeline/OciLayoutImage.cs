namespace ContainerStages.Pipeline;

/// <summary>One platform's image in an OCI image layout: its manifest's descriptor, the platform its config names, and what it references.</summary>
/// <param name="MediaType">The manifest's media type, as the engine's save gave it (an OCI image manifest for one converted from a legacy save).</param>
/// <param name="Digest">The manifest's digest, sha256:hex.</param>
/// <param name="Size">The manifest's size in bytes.</param>
/// <param name="Os">The config's os.</param>
/// <param name="Architecture">The config's architecture.</param>
/// <param name="Variant">The config's variant (v7, v8), or null when it names none.</param>
/// <param name="ConfigDigest">The config blob's digest.</param>
/// <param name="LayerDigests">The layer blobs' digests, bottom layer first.</param>
/// <param name="RepoTags">The tags `docker load` gives it (the platform-suffixed ones).</param>
internal sealed record OciLayoutImage(
    string MediaType,
    string Digest,
    long Size,
    string Os,
    string Architecture,
    string? Variant,
    string ConfigDigest,
    IReadOnlyList<string> LayerDigests,
    IReadOnlyList<string> RepoTags);
