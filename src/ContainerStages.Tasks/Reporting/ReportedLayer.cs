namespace ContainerStages.Reporting;

/// <param name="Size">Bytes the instruction added to the image.</param>
/// <param name="Instruction">The Dockerfile instruction that made the layer, as the image history records it (tidied).</param>
/// <param name="FromBase">The layer came with the base image rather than from this Dockerfile.</param>
internal sealed record ReportedLayer(long Size, string Instruction, bool FromBase);
