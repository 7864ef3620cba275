namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// A chunk of a vertex's output (<c>moby.buildkit.v1.VertexLog</c>). <see cref="Message"/> is raw bytes:
/// a chunk may end in the middle of a line or even of a UTF-8 sequence.
/// <see cref="Stream"/> is 1 for stdout and 2 for stderr.
/// </summary>
public sealed record BuildKitVertexLog(
    string Vertex,
    DateTimeOffset? Timestamp,
    long Stream,
    ReadOnlyMemory<byte> Message)
{
    public const long StandardOutput = 1;
    public const long StandardError = 2;
}
