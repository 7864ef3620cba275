using ContainerStages.DockerConfig;
using ContainerStages.Registry;

namespace ContainerStages.Pipeline;

/// <summary>Where <see cref="ImagePusher"/> reports; the MSBuild task maps it to coded messages.</summary>
internal interface IImagePushLog
{
    void Pushing(string target, RegistryCredentials? credentials);

    void Retrying(string target, string error, int attempt, int maxAttempts, TimeSpan delay);

    void Pushed(PushedImage image);

    void PushedIndex(PushedImageIndex index);
}
