namespace ContainerStages.Engine.BuildKit;

/// <summary><c>pb.SourceInfo</c>: the file a warning points into (usually the Dockerfile) and, optionally, its content.</summary>
public sealed record BuildKitSourceInfo(string Filename, ReadOnlyMemory<byte> Data, string Language);
