namespace ContainerStages.Pipeline;

/// <summary>A written multi-platform archive: its size, how many blobs it holds, and the platforms of its index, in order.</summary>
internal sealed record OciLayoutArchive(long Bytes, int BlobCount, IReadOnlyList<string> Platforms);
