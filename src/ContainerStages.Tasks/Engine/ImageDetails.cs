namespace ContainerStages.Engine;

/// <param name="Size">The engine's own size of the image in bytes (what `docker images` shows).</param>
/// <param name="Platform">os/architecture[/variant] from the image's config; null when the engine did not say.</param>
internal sealed record ImageDetails(string Id, long Size, string? User, IReadOnlyList<string> RepoTags, string? Platform = null);
