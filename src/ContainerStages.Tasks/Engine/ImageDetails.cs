namespace ContainerStages.Engine;

/// <param name="Size">The engine's own size of the image in bytes (what `docker images` shows).</param>
internal sealed record ImageDetails(string Id, long Size, string? User, IReadOnlyList<string> RepoTags);
