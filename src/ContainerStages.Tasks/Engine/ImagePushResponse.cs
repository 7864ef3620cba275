namespace ContainerStages.Engine;

/// <summary>What the engine answered to one push: the manifest digest, or the registry's error.</summary>
internal sealed record ImagePushResponse(string? Digest, string? ErrorMessage);
