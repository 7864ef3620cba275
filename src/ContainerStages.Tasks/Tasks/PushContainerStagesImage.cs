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

    /// <summary>The image's local repository:tag names (the build's tags); each is pushed under the registry.</summary>
    [Required] public string[] ImageReferences { get; set; } = [];

    /// <summary>ContainerRegistry: host[:port] of the registry.</summary>
    [Required] public string Registry { get; set; } = string.Empty;

    /// <summary>One item per pushed tag (registry/repository:tag) with Digest, DigestReference and ImageId metadata.</summary>
    [Output] public ITaskItem[] PushedImages { get; private set; } = [];

    /// <summary>The digest of the first pushed tag (every tag of one build pushes the same manifest).</summary>
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
        var pusher = new ImagePusher(engine, new MSBuildImagePushLog(this), new PushRetryPolicy());
        var pushed = pusher.PushAsync(ImageId, ImageReferences, registry, credentials, cancellationToken).GetAwaiter().GetResult();

        PushedImages = pushed.Select(image =>
        {
            var item = new Microsoft.Build.Utilities.TaskItem(image.Target);
            item.SetMetadata("Digest", image.Digest);
            item.SetMetadata("DigestReference", image.DigestReference);
            item.SetMetadata("ImageId", ImageId);
            return (ITaskItem)item;
        }).ToArray();
        PushedDigest = pushed.Count > 0 ? pushed[0].Digest : string.Empty;
    }
}
