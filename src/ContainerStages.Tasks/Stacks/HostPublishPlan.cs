namespace ContainerStages.Stacks;

/// <summary>
/// Whether the image may take the files this <c>dotnet publish</c> made on the build machine instead of
/// building the app again in the container, and for which platform they are.
/// </summary>
internal sealed record HostPublishPlan
{
    /// <summary>The generated Dockerfile's runtime stage is built and the host's output fits it (on <see cref="Platform"/>).</summary>
    public bool Usable { get; init; }

    /// <summary>The one platform a RID-specific output runs on (<c>linux/amd64</c>); null when it runs on any (portable).</summary>
    public string? Platform { get; init; }

    /// <summary>A file at the top of the publish folder that stays out of the image: a framework-dependent app's apphost.</summary>
    public string? ExcludedFile { get; init; }

    /// <summary>Why the app is built in the container although the host published it; null when there is nothing to say.</summary>
    public string? Reason { get; init; }

    public IReadOnlyList<string> ReasonArguments { get; init; } = [];

    /// <summary>A Dockerfile of the user's, or a stage other than the runtime: the stage is built as it is written.</summary>
    public static HostPublishPlan NotApplicable { get; } = new();

    public static HostPublishPlan NotUsable(string reason, params string[] arguments) => new() { Reason = reason, ReasonArguments = arguments };
}
