namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// A node of the build graph (<c>moby.buildkit.v1.Vertex</c>), e.g. <c>[build 3/4] RUN dotnet build</c>
/// or <c>[internal] load remote build context</c>. <see cref="Error"/> is null unless the vertex failed.
/// </summary>
public sealed record BuildKitVertex(
    string Digest,
    IReadOnlyList<string> Inputs,
    string Name,
    bool Cached,
    DateTimeOffset? Started,
    DateTimeOffset? Completed,
    string? Error,
    BuildKitProgressGroup? ProgressGroup);
