using ContainerStages.Engine;
using ContainerStages.Registry;

namespace ContainerStages.Tests.Registry;

/// <summary>An engine that answers pushes from a script, one answer per call.</summary>
internal sealed class FakePushEngine : IContainerEngine
{
    public Queue<ImagePushResponse> PushAnswers { get; } = new();

    public List<string> Tags { get; } = [];

    public List<(string Repository, string Tag, RegistryCredentials? Credentials)> Pushes { get; } = [];

    public Task<EngineInfo> ConnectAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new EngineInfo(new Uri("unix:///fake.sock"), "20.10", new Version(1, 41), "linux", "amd64"));

    public Task<Stream> StartBuildAsync(Stream contextTar, ImageBuildRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ImageDetails> InspectImageAsync(string imageId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string?> PullImageAsync(string image, RegistryCredentials credentials, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task TagImageAsync(string image, string repository, string tag, CancellationToken cancellationToken)
    {
        Tags.Add($"{image} -> {repository}:{tag}");
        return Task.CompletedTask;
    }

    public Task<ImagePushResponse> PushImageAsync(string repository, string tag, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        Pushes.Add((repository, tag, credentials));
        return Task.FromResult(PushAnswers.Dequeue());
    }

    public Task<string?> GetDataRootAsync(CancellationToken cancellationToken) => Task.FromResult<string?>("/var/lib/docker");

    public Task<Stream> SaveImagesAsync(IReadOnlyList<string> images, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ImageDetails?> TryInspectImageAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<ImageHistoryEntry>> GetImageHistoryAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveUntaggedImageAsync(string imageId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}
