namespace ContainerStages.Engine;

/// <summary>One entry of an image's history (<c>docker history</c>): the bytes a Dockerfile instruction added and the instruction.</summary>
/// <param name="Size">Bytes of the layer this instruction made; 0 for instructions that only change metadata.</param>
internal sealed record ImageHistoryEntry(long Size, string CreatedBy);
