namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// A sub-task of a vertex (<c>moby.buildkit.v1.VertexStatus</c>), e.g. "exporting layers",
/// "writing image sha256:…" or "transferring context", with its progress counters.
/// </summary>
public sealed record BuildKitVertexStatus(
    string Id,
    string Vertex,
    string Name,
    long Current,
    long Total,
    DateTimeOffset? Timestamp,
    DateTimeOffset? Started,
    DateTimeOffset? Completed);
