namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// A build warning (<c>moby.buildkit.v1.VertexWarning</c>, BuildKit 0.10 and later; older engines never send it).
/// <see cref="Source"/> and <see cref="Ranges"/> locate the offending Dockerfile lines when the frontend knows them.
/// </summary>
public sealed record BuildKitVertexWarning(
    string Vertex,
    long Level,
    string Short,
    IReadOnlyList<string> Detail,
    string? Url,
    BuildKitSourceInfo? Source,
    IReadOnlyList<BuildKitSourceRange> Ranges);
