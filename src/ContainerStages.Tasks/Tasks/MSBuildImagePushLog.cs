using System.Globalization;
using ContainerStages.DockerConfig;
using ContainerStages.Pipeline;
using ContainerStages.Registry;
using ContainerStages.Resources;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>Maps the pusher's progress onto coded MSBuild messages; never a secret, only where credentials came from.</summary>
internal sealed class MSBuildImagePushLog : IImagePushLog
{
    private readonly PushContainerStagesImage _task;

    public MSBuildImagePushLog(PushContainerStagesImage task) => _task = task;

    public void Pushing(string target, RegistryCredentials? credentials) =>
        _task.Logger.LogMessageFromResources(
            MessageImportance.Normal,
            nameof(Strings.Pushing),
            target,
            credentials is null ? "no credentials (anonymous)" : $"the credentials of '{credentials.Username}' from {credentials.Source}");

    public void Retrying(string target, string error, int attempt, int maxAttempts, TimeSpan delay) =>
        _task.Logger.LogMessageFromResources(MessageImportance.High, nameof(Strings.PushRetrying), target, error, delay.TotalSeconds.ToString("0", CultureInfo.InvariantCulture), attempt, maxAttempts);

    public void Pushed(PushedImage image) =>
        _task.Logger.LogMessageFromResources(MessageImportance.High, nameof(Strings.ImagePushed), image.Target, image.Digest);

    public void PushedIndex(PushedImageIndex index) =>
        _task.Logger.LogMessageFromResources(
            MessageImportance.High,
            nameof(Strings.ImageIndexPushed),
            index.Target,
            string.Join(", ", index.Manifests.Select(manifest => $"{manifest.Platform} {manifest.Digest}")),
            index.Digest);
}
