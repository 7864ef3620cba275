using ContainerStages.DockerConfig;
using ContainerStages.Dockerfile;
using ContainerStages.Registry;
using ContainerStages.Stacks;

namespace ContainerStages.Pipeline;

internal sealed record ImageBuildInput
{
    public required string ContextDirectory { get; init; }

    /// <summary>Full path; a Dockerfile outside the context is sent inside the context tar.</summary>
    public required string DockerfilePath { get; init; }

    /// <summary>SHA-256 (hex) the Dockerfile must have when it is sent; null checks nothing.</summary>
    public string? ExpectedDockerfileSha256 { get; init; }

    public required string Target { get; init; }

    /// <summary>repository:tag references to tag the result with once it passed its checks; never applied to a failed build.</summary>
    public required IReadOnlyList<string> ImageReferences { get; init; }

    /// <summary>The FROM images that came from properties, with the property that set each, for a pull failure's fix.</summary>
    public IReadOnlyDictionary<string, string> ImageProperties { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>A copy of <see cref="BuildArgs"/>, with the runtime stage taking the host's files when <paramref name="takesHostPublish"/>.</summary>
    public Dictionary<string, string> BuildArgsFor(bool takesHostPublish)
    {
        var args = new Dictionary<string, string>(BuildArgs, StringComparer.Ordinal);
        if (takesHostPublish)
        {
            args[PrebuiltApp.StageArgument] = PrebuiltApp.StageName;
        }

        return args;
    }

    public string? Platform { get; init; }

    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    /// <summary>The host's publish output, taken instead of building the app when it fits the image's platform.</summary>
    public HostPublishInput? HostPublish { get; init; }

    /// <summary>Whether the image carries BuildKit's inline cache metadata, which other builds' cache-from can read.</summary>
    public bool InlineCache { get; init; }

    /// <summary>Credentials for the registries of the FROM images, by registry host; sent only in the request's X-Registry-Config header.</summary>
    public IReadOnlyDictionary<string, RegistryCredentials> RegistryCredentials { get; init; } = new Dictionary<string, RegistryCredentials>();

    /// <summary>The stacks that read a failed step's output for failed tests and compiler errors, the plan's own first.</summary>
    public IReadOnlyList<IContainerStack> FailureReaders { get; init; } = [];

    /// <summary>The network of the RUN steps (ContainerStagesNetwork): null or "default", "host", "none".</summary>
    public string? NetworkMode { get; init; }
}
