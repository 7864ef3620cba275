using ContainerStages.DockerConfig;
using ContainerStages.Engine;
using ContainerStages.Naming;
using ContainerStages.Pipeline;
using ContainerStages.Registry;
using ContainerStages.Resources;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>
/// Pushes the built image to ContainerRegistry through the engine, once per tag, and reports each
/// pushed digest. Credentials are never a parameter (MSBuild logs parameters): they are read here from
/// the environment variables the SDK's container publish reads, or the Docker CLI's config.
/// </summary>
public sealed class PushContainerStagesImage : ContainerStagesEngineTask
{
    [Required] public string ImageId { get; set; } = string.Empty;

    /// <summary>
    /// The image's local repository:tag names (the build's tags); each is pushed under the registry. With
    /// Platform metadata (a multi-platform publish), each platform's tags are pushed and an image index
    /// is put under the tag without the platform suffix; ImageId metadata names each platform's image.
    /// </summary>
    [Required] public ITaskItem[] ImageReferences { get; set; } = [];

    /// <summary>ContainerRegistry: host[:port] of the registry.</summary>
    [Required] public string Registry { get; set; } = string.Empty;

    /// <summary>One item per pushed tag (registry/repository:tag) with Digest, DigestReference, ImageId and Platform metadata; image indexes first, with empty ImageId and Platform.</summary>
    [Output] public ITaskItem[] PushedImages { get; private set; } = [];

    /// <summary>The digest of the first pushed tag (every tag of one build pushes the same manifest), or of the first image index.</summary>
    [Output] public string PushedDigest { get; private set; } = string.Empty;

    protected override void ExecuteOnEngine(CancellationToken cancellationToken)
    {
        string registry = Registry.Trim();
        if (!ImageNameRules.IsValidRegistry(registry))
        {
            throw new ContainerStagesException(nameof(Strings.InvalidContainerRegistry), Registry);
        }

        var credentials = new RegistryCredentialResolver(ProcessEnvironmentReader.Instance, new CredentialHelperProcess()).Resolve(registry);
        if (credentials is not null && RegistryCredentialResolver.IsLoggedByMSBuild(credentials.Source)
            && string.Equals(Environment.GetEnvironmentVariable("MSBUILDBINARYLOGGERENABLED"), "true", StringComparison.OrdinalIgnoreCase))
        {
            // MSBuild records DOTNET_* environment variables at the start of every build; nothing
            // this task does can take the value back out of the binlog, so say so.
            LogWarning(nameof(Strings.CredentialInBinlog), null, 0, credentials.Source.Replace("_UNAME", "_PWORD", StringComparison.Ordinal));
        }

        using var engine = OpenEngine();
        var log = new MSBuildImagePushLog(this);
        var pusher = new ImagePusher(engine, log, new PushRetryPolicy());
        var platformImages = ImageReferences
            .Where(item => !string.IsNullOrEmpty(item.GetMetadata("Platform")))
            .Select(item => new PlatformImageReference(item.ItemSpec, item.GetMetadata("ImageId") is { Length: > 0 } id ? id : ImageId, item.GetMetadata("Platform")))
            .ToList();
        if (platformImages.Count == 0)
        {
            var pushed = pusher.PushAsync(ImageId, ImageReferences.Select(item => item.ItemSpec).ToList(), registry, credentials, cancellationToken).GetAwaiter().GetResult();
            PushedImages = pushed.Select(image => Item(image.Target, image.Digest, image.DigestReference, ImageId, string.Empty)).ToArray();
            PushedDigest = pushed.Count > 0 ? pushed[0].Digest : string.Empty;
            return;
        }

        using var client = RegistryClient.Create(registry, credentials);
        var (platforms, indexes) = new ImageIndexPusher(pusher, client, log).PushAsync(platformImages, registry, credentials, cancellationToken).GetAwaiter().GetResult();
        PushedImages = indexes.Select(index => Item(index.Target, index.Digest, index.DigestReference, string.Empty, string.Empty))
            .Concat(platforms.Select(image => Item(image.Pushed.Target, image.Pushed.Digest, image.Pushed.DigestReference, image.Local.ImageId, image.Local.Platform)))
            .ToArray();
        PushedDigest = indexes[0].Digest;
    }

    private static ITaskItem Item(string target, string digest, string digestReference, string imageId, string platform) =>
        new Microsoft.Build.Utilities.TaskItem(target, new Dictionary<string, string> { ["Digest"] = digest, ["DigestReference"] = digestReference, ["ImageId"] = imageId, ["Platform"] = platform });
}
