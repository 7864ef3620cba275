namespace ContainerStages.Engine.BuildKit;

/// <summary><c>pb.ProgressGroup</c>: lets a frontend show several vertexes as one line (newer BuildKit only).</summary>
public sealed record BuildKitProgressGroup(string Id, string Name, bool Weak);
