using ContainerStages.DockerConfig;
using ContainerStages.Naming;
using ContainerStages.Registry;

namespace ContainerStages.Pipeline;

/// <summary>
/// Pushes a multi-platform publish: every platform's image through the engine (under its platform
/// tag, myapp:1.0-arm64, the only way the engine pushes), then, per tag, an image index naming those
/// manifests, put on the registry directly since the engine has no endpoint for it. Pulling myapp:1.0
/// then gives each platform its own image.
/// </summary>
internal sealed class ImageIndexPusher
{
    private readonly ImagePusher _pusher;
    private readonly IImageIndexRegistry _registry;
    private readonly IImagePushLog _log;

    public ImageIndexPusher(ImagePusher pusher, IImageIndexRegistry registry, IImagePushLog log)
    {
        _pusher = pusher;
        _registry = registry;
        _log = log;
    }

    public async Task<(IReadOnlyList<(PlatformImageReference Local, PushedImage Pushed)> Platforms, IReadOnlyList<PushedImageIndex> Indexes)> PushAsync(
        IReadOnlyList<PlatformImageReference> images, string registry, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var pushedPlatforms = new List<(PlatformImageReference, PushedImage)>();
        var indexes = new List<PushedImageIndex>();

        // One index per tag the build asked for, in the build's order; each names the platforms in build order.
        foreach (var tag in images.GroupBy(image => ImagePlatform.WithoutTagSuffix(image.Reference, image.Platform)))
        {
            var (repository, name) = ImageReference.Split(tag.Key);
            string target = $"{registry}/{repository}";
            var manifests = new List<ManifestDescriptor>();
            foreach (var image in tag)
            {
                var pushed = (await _pusher.PushAsync(image.ImageId, [image.Reference], registry, credentials, cancellationToken).ConfigureAwait(false))[0];
                pushedPlatforms.Add((image, pushed));
                manifests.Add(await _registry.GetManifestAsync(repository, pushed.Digest, image.Platform, cancellationToken).ConfigureAwait(false));
            }

            var index = ImageIndexDocument.Create(manifests);
            string digest = await _registry.PutIndexAsync(repository, name, index, cancellationToken).ConfigureAwait(false);
            var pushedIndex = new PushedImageIndex($"{target}:{name}", target, name, digest, index.MediaType, manifests);
            _log.PushedIndex(pushedIndex);
            indexes.Add(pushedIndex);
        }

        return (pushedPlatforms, indexes);
    }
}
