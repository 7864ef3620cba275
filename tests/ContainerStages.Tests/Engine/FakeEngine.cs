using ContainerStages.DockerConfig;
using ContainerStages.Engine;
using ContainerStages.Tests.Engine.BuildKit;

namespace ContainerStages.Tests.Engine;

/// <summary>An engine that answers every build with a recorded BuildKit response, every push from <see cref="PushAnswers"/>, and records what it was asked.</summary>
internal sealed class FakeEngine : IContainerEngine
{
    public const long BaseSize = 200_000_000;

    public List<string> Calls { get; } = [];

    public List<string> BuiltTargets { get; } = [];

    public long ImageSize { get; set; } = 230_000_000;

    public long BuildStageSize { get; set; } = 800_000_000;

    /// <summary>The answers to the pushes, in order.</summary>
    public Queue<ImagePushResponse> PushAnswers { get; } = new();

    /// <summary>Every tag: "image -> repository:tag".</summary>
    public List<string> Tags { get; } = [];

    public List<(string Repository, string Tag, RegistryCredentials? Credentials)> Pushes { get; } = [];

    /// <summary>Answers for the next builds, in order: an exception to throw or a response body; the recorded build when empty.</summary>
    public Queue<object> Answers { get; } = new();

    /// <summary>The recorded response that answers a build when <see cref="Answers"/> is empty.</summary>
    public string Recording { get; set; } = RecordedBuildStreams.MultistageCachedRebuild;

    /// <summary>Runs while a build's context is being read: what another process could do meanwhile.</summary>
    public Action? DuringBuild { get; set; }

    public Task<EngineInfo> ConnectAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new EngineInfo(new Uri("unix:///fake.sock"), "20.10.24", new Version(1, 41), "linux", "amd64"));

    public async Task<Stream> StartBuildAsync(Stream contextTar, ImageBuildRequest request, CancellationToken cancellationToken)
    {
        DuringBuild?.Invoke();
        if (Answers.TryDequeue(out object? answer))
        {
            Calls.Add($"build {request.Target}");
            return answer is Exception failure ? throw failure : new MemoryStream(System.Text.Encoding.UTF8.GetBytes((string)answer));
        }

        await contextTar.CopyToAsync(Stream.Null, cancellationToken);
        Calls.Add($"build {request.Target} tags=[{string.Join(',', request.Tags)}]");
        BuiltTargets.Add(request.Target);
        return new MemoryStream(RecordedBuildStreams.Read(Recording));
    }

    public Task<ImageDetails> InspectImageAsync(string imageId, CancellationToken cancellationToken)
    {
        // The recorded stream names one image; the build stage is told apart by the build that just ran.
        long size = BuiltTargets[^1] == "build" ? BuildStageSize : ImageSize;
        return Task.FromResult(new ImageDetails(imageId, size, null, []));
    }

    /// <summary>The images the engine has besides the ones it tagged: reference to id.</summary>
    public Dictionary<string, string> KnownImages { get; } = new() { ["base:1"] = "sha256:base" };

    public Task<ImageDetails?> TryInspectImageAsync(string reference, CancellationToken cancellationToken)
    {
        if (KnownImages.TryGetValue(reference, out string? id))
        {
            return Task.FromResult<ImageDetails?>(new ImageDetails(id, BaseSize, null, [reference]));
        }

        string? tagged = Tags.LastOrDefault(t => t.EndsWith(" -> " + reference, StringComparison.Ordinal));
        return Task.FromResult(tagged is null ? null : (ImageDetails?)new ImageDetails(tagged.Split(" -> ")[0], ImageSize, null, [reference]));
    }

    public Task<IReadOnlyList<ImageHistoryEntry>> GetImageHistoryAsync(string image, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ImageHistoryEntry>>(image == "sha256:base"
            ? [new(BaseSize, "")]
            : [new(BaseSize, ""), new(0, "WORKDIR /app"), new(ImageSize - BaseSize, "COPY /app/publish . # buildkit")]);

    public Task TagImageAsync(string image, string repository, string tag, CancellationToken cancellationToken)
    {
        Calls.Add($"tag {repository}:{tag}");
        Tags.Add($"{image} -> {repository}:{tag}");
        return Task.CompletedTask;
    }

    public Task<string?> PullImageAsync(string image, RegistryCredentials credentials, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ImagePushResponse> PushImageAsync(string repository, string tag, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        Pushes.Add((repository, tag, credentials));
        return Task.FromResult(PushAnswers.Dequeue());
    }

    public Task<string?> GetDataRootAsync(CancellationToken cancellationToken) => Task.FromResult<string?>("/var/lib/docker");

    /// <summary>What the image export answers, by the first image asked for: a tar, or an exception to throw.</summary>
    public Dictionary<string, object> Saves { get; } = [];

    public Task<Stream> SaveImagesAsync(IReadOnlyList<string> images, CancellationToken cancellationToken)
    {
        Calls.Add("save " + string.Join(' ', images));
        return Saves.TryGetValue(images[0], out object? save)
            ? save is Exception error ? Task.FromException<Stream>(error) : Task.FromResult<Stream>(new MemoryStream((byte[])save))
            : throw new NotSupportedException();
    }

    public Task RemoveUntaggedImageAsync(string imageId, CancellationToken cancellationToken)
    {
        Calls.Add($"remove {imageId[..12]}");
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }
}
