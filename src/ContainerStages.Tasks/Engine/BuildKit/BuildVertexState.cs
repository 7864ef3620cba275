namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// What <see cref="BuildProgressTracker"/> knows about one vertex, merged from every StatusResponse
/// that mentioned it, plus which events were already emitted so that each is emitted once.
/// </summary>
internal sealed class BuildVertexState
{
    public BuildVertexState(string digest, int order)
    {
        Digest = digest;
        Order = order;
    }

    public string Digest { get; }

    /// <summary>Order of first appearance in the stream, used to pick the first failure.</summary>
    public int Order { get; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The <c>#n</c> shown to the user; 0 until the vertex is first displayed.</summary>
    public int Number { get; set; }

    public bool Cached { get; set; }

    public DateTimeOffset? Started { get; set; }

    public DateTimeOffset? Completed { get; set; }

    public string? Error { get; set; }

    public bool StartEmitted { get; set; }

    public bool CachedEmitted { get; set; }

    public bool DoneEmitted { get; set; }

    public bool ErrorEmitted { get; set; }

    /// <summary>Local clock when the start was shown; heartbeats compare with the caller's clock, not the engine's.</summary>
    public DateTimeOffset LocalStarted { get; set; }

    public DateTimeOffset LocalLastActivity { get; set; }

    public DateTimeOffset? LocalLastHeartbeat { get; set; }

    public Dictionary<long, LogLineAssembler> Streams { get; } = new();

    /// <summary>The most recent output lines, oldest first, for the failure report.</summary>
    public Queue<string> RecentLines { get; } = new();

    public HashSet<string> FinishedSubTasks { get; } = new(StringComparer.Ordinal);

    public bool IsFinished => DoneEmitted || CachedEmitted || ErrorEmitted;

    public bool IsDockerfileStep => BuildStepNames.IsDockerfileStep(Name);
}
