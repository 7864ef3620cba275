namespace ContainerStages.Pipeline;

/// <summary>One image a publish built: for a multi-platform publish, the image of one platform.</summary>
/// <param name="Platform">The platform it was built for; null for a one-platform publish on the engine's own or the plan's platform.</param>
internal sealed record PlatformImage(string? Platform, ImageBuildResult Result);
