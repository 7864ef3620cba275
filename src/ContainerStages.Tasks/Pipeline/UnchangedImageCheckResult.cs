namespace ContainerStages.Pipeline;

/// <summary>What the check found: the image to keep, or why a build is needed and what to record once it succeeds.</summary>
/// <param name="Unchanged">The last build's record, when its image still stands for this publish's inputs.</param>
/// <param name="Reason">Why the image is built (null when it is kept).</param>
/// <param name="Fingerprint">This publish's inputs, to record after the build; null when they cannot be told apart.</param>
/// <param name="ReadImages">The images the build reads, with the engine's ids before it starts.</param>
/// <param name="Files">The hashes of the files the build sends.</param>
internal sealed record UnchangedImageCheckResult(
    BuiltImageRecord? Unchanged,
    string? Reason,
    string? Fingerprint,
    IReadOnlyDictionary<string, string> ReadImages,
    IReadOnlyDictionary<string, FileContentHash> Files)
{
    /// <summary>The record of a build that made <paramref name="result"/> from these inputs; null when there is nothing to record.</summary>
    public BuiltImageRecord? RecordFor(ImageBuildResult result) =>
        Fingerprint is null ? null : new BuiltImageRecord(Fingerprint, ReadImages, result.ImageId, result.Size, result.ImageReferences, Files);
}
