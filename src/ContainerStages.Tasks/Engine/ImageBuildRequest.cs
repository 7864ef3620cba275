using ContainerStages.DockerConfig;
using ContainerStages.Registry;

namespace ContainerStages.Engine;

/// <summary>One BuildKit build of a Dockerfile stage, as the engine's /build endpoint takes it.</summary>
internal sealed record ImageBuildRequest
{
    /// <summary>The Dockerfile's path inside the context tar, with '/'.</summary>
    public required string DockerfilePath { get; init; }

    public required string Target { get; init; }

    /// <summary>Full references (repository:tag) to tag the image with on success; the engine tags nothing on failure.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    public string? Platform { get; init; }

    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    /// <summary>Embed inline cache metadata (BUILDKIT_INLINE_CACHE): its order varies from build to build, so the image id would too.</summary>
    public bool InlineCache { get; init; }

    /// <summary>Credentials by registry host for pulling FROM images (the X-Registry-Config header).</summary>
    public IReadOnlyDictionary<string, RegistryCredentials> RegistryCredentials { get; init; } = new Dictionary<string, RegistryCredentials>();

    /// <summary>The BuildKit session the engine asks for secrets, logins and exports (the session parameter).</summary>
    public string? SessionId { get; init; }

    /// <summary>The outputs parameter: a JSON array of one exporter ([{"type":"tar"}]); null builds an image.</summary>
    public string? Outputs { get; init; }

    /// <summary>The network of RUN steps (networkmode): null or "default", "host", "none".</summary>
    public string? NetworkMode { get; init; }
}
