namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// One decoded <c>moby.buildkit.v1.StatusResponse</c>: a batch of vertex updates, sub-task
/// statuses, log chunks and warnings. A vertex usually appears in several batches
/// (first unstarted, then started, then completed), each carrying its full current state.
/// </summary>
public sealed record BuildKitStatus(
    IReadOnlyList<BuildKitVertex> Vertexes,
    IReadOnlyList<BuildKitVertexStatus> Statuses,
    IReadOnlyList<BuildKitVertexLog> Logs,
    IReadOnlyList<BuildKitVertexWarning> Warnings);
