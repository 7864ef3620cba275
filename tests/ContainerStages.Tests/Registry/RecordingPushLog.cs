using ContainerStages.DockerConfig;
using ContainerStages.Pipeline;
using ContainerStages.Registry;

namespace ContainerStages.Tests.Registry;

internal sealed class RecordingPushLog : IImagePushLog
{
    public List<string> Lines { get; } = [];

    public void Pushing(string target, RegistryCredentials? credentials) => Lines.Add($"pushing {target} with {credentials}");

    public void Retrying(string target, string error, int attempt, int maxAttempts, TimeSpan delay) => Lines.Add($"retry {target} {attempt}/{maxAttempts} after {delay.TotalSeconds}s: {error}");

    public void Pushed(PushedImage image) => Lines.Add($"pushed {image.Target} {image.Digest}");

    public void PushedIndex(PushedImageIndex index) => Lines.Add($"index {index.Target} {index.Digest} {string.Join(",", index.Manifests.Select(m => m.Platform))}");
}
