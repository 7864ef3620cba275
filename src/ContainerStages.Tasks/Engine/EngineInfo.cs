namespace ContainerStages.Engine;

/// <param name="ApiVersion">The API version requests are pinned to: the lower of the engine's and the client's.</param>
internal sealed record EngineInfo(Uri Endpoint, string EngineVersion, Version ApiVersion, string OperatingSystem, string Architecture);
