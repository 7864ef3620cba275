namespace ContainerStages.Pipeline;

/// <summary>A file's content hash, with the size and time it was taken at: the same size and time reuse it.</summary>
internal sealed record FileContentHash(long Length, long TimeTicks, string Sha256);
