namespace ContainerStages.Pipeline;

/// <summary>One tag of one platform's image, as the build reported it: myapp:1.0-arm64, its id, linux/arm64.</summary>
internal sealed record PlatformImageReference(string Reference, string ImageId, string Platform);
