using ContainerStages.DockerConfig;
using ContainerStages.Engine;
using ContainerStages.Naming;
using ContainerStages.Registry;
using ContainerStages.Resources;

namespace ContainerStages.Pipeline;

/// <summary>
/// Tags a built image as registry/repository:tag for each of its local tags and pushes each through
/// the engine, retrying transient failures; a failure becomes the coded error of its kind.
/// </summary>
internal sealed class ImagePusher
{
    private readonly IContainerEngine _engine;
    private readonly IImagePushLog _log;
    private readonly PushRetryPolicy _retry;

    public ImagePusher(IContainerEngine engine, IImagePushLog log, PushRetryPolicy retry)
    {
        _engine = engine;
        _log = log;
        _retry = retry;
    }

    /// <param name="localReferences">The image's local repository:tag names; each is pushed under the registry.</param>
    public async Task<IReadOnlyList<PushedImage>> PushAsync(
        string imageId, IReadOnlyList<string> localReferences, string registry, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        await _engine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var pushed = new List<PushedImage>();
        foreach (string local in localReferences)
        {
            var (repository, tag) = ImageReference.Split(local);
            string target = $"{registry}/{repository}";
            string targetReference = $"{target}:{tag}";
            await _engine.TagImageAsync(imageId, target, tag, cancellationToken).ConfigureAwait(false);
            _log.Pushing(targetReference, credentials);

            var (response, attempts) = await _retry.RunAsync(
                (_, token) => _engine.PushImageAsync(target, tag, credentials, token),
                r => r.ErrorMessage is { } error && PushFailureClassifier.Classify(error) == PushFailureKind.Transient,
                (r, attempt, delay) => _log.Retrying(targetReference, r.ErrorMessage!, attempt, _retry.MaxAttempts, delay),
                cancellationToken).ConfigureAwait(false);

            if (response.ErrorMessage is { } message)
            {
                throw Failure(registry, targetReference, message, attempts, credentials);
            }

            if (response.Digest is not { } digest)
            {
                throw new ContainerStagesException(nameof(Strings.PushFailed), targetReference, attempts, "the engine reported no digest");
            }

            var image = new PushedImage(targetReference, target, tag, digest, attempts);
            _log.Pushed(image);
            pushed.Add(image);
        }

        return pushed;
    }

    private static ContainerStagesException Failure(string registry, string target, string message, int attempts, RegistryCredentials? credentials) =>
        PushFailureClassifier.Classify(message) switch
        {
            PushFailureKind.Unauthorized => new ContainerStagesException(
                nameof(Strings.PushUnauthorized), registry, target, message, credentials is null ? "no credentials were found" : $"the credentials came from {credentials.Source}"),
            PushFailureKind.UnknownHost => new ContainerStagesException(nameof(Strings.RegistryHostUnknown), registry, message),
            PushFailureKind.Tls => new ContainerStagesException(nameof(Strings.RegistryTlsFailed), registry, message),
            PushFailureKind.Denied => new ContainerStagesException(nameof(Strings.PushDenied), target, message),
            _ => new ContainerStagesException(nameof(Strings.PushFailed), target, attempts, message),
        };
}
