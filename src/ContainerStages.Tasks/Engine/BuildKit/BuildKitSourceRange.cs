namespace ContainerStages.Engine.BuildKit;

/// <summary><c>pb.Range</c> flattened: start and end <c>pb.Position</c> (1-based lines as the Dockerfile frontend writes them).</summary>
public sealed record BuildKitSourceRange(int StartLine, int StartCharacter, int EndLine, int EndCharacter);
