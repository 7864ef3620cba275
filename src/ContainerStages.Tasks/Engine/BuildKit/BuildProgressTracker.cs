using System.Globalization;

namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// Turns decoded BuildKit status batches into <c>--progress=plain</c>-style events and remembers
/// enough to summarise the build and explain a failure.
/// </summary>
/// <remarks>
/// BuildKit resends a vertex's whole state whenever anything about it changes (first unstarted,
/// then started, then completed), so the tracker merges those updates and emits each event once.
/// Vertexes are numbered when first displayed, so vertexes that never run leave no gaps.
/// All members are thread-safe: <see cref="Heartbeat"/> is meant to be called from a timer
/// while the response reader calls <see cref="Apply"/>.
/// </remarks>
public sealed class BuildProgressTracker
{
    /// <summary>How many of the failing step's last output lines are kept for the error report.</summary>
    public const int FailureOutputLineCount = 20;

    /// <summary>How many output lines of each step are kept for <see cref="GetFailure"/> (ImageBuilder keeps more, to find failed tests).</summary>
    public int KeptOutputLines { get; init; } = FailureOutputLineCount;

    private static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly IBuildProgressSink _sink;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, BuildVertexState> _vertexes = new(StringComparer.Ordinal);
    private readonly List<BuildVertexState> _displayed = new();
    private readonly List<string> _completedLines = new();
    private int _lastNumber;

    public BuildProgressTracker(IBuildProgressSink sink, TimeProvider? clock = null)
    {
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>A running step that printed nothing for this long gets a "still running" line.</summary>
    public TimeSpan QuietPeriod { get; init; } = DefaultQuietPeriod;

    public void Apply(BuildKitStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            foreach (var vertex in status.Vertexes)
            {
                ApplyVertex(vertex, now);
            }

            foreach (var subTask in status.Statuses)
            {
                ApplySubTask(subTask);
            }

            foreach (var log in status.Logs)
            {
                ApplyLog(log, now);
            }

            foreach (var warning in status.Warnings)
            {
                ApplyWarning(warning);
            }
        }
    }

    /// <summary>Reports text the engine sent outside BuildKit's progress (<c>{"stream":…}</c> lines).</summary>
    public void ReportEngineOutput(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            foreach (var rawLine in text.Split('\n'))
            {
                var line = TerminalEscapes.Strip(rawLine.TrimEnd('\r'));
                if (line.Length > 0)
                {
                    _sink.OnLog(new BuildLogEvent(null, null, false, line, BuildProgressImportance.Low, line));
                }
            }
        }
    }

    /// <summary>
    /// Emits <c>#5 ... still running (30.0s)</c> for each step that has been running and silent for at
    /// least <see cref="QuietPeriod"/>, at most once per quiet period. <paramref name="now"/> is local
    /// time (the engine's clock may differ, e.g. in a VM).
    /// </summary>
    public void Heartbeat(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var vertex in _displayed)
            {
                if (!vertex.StartEmitted || vertex.IsFinished)
                {
                    continue;
                }

                var silentFor = now - vertex.LocalLastActivity;
                var sinceHeartbeat = vertex.LocalLastHeartbeat is { } last ? now - last : TimeSpan.MaxValue;
                if (silentFor < QuietPeriod || sinceHeartbeat < QuietPeriod)
                {
                    continue;
                }

                vertex.LocalLastHeartbeat = now;
                var elapsed = now - vertex.LocalStarted;
                _sink.OnStep(new BuildStepEvent(
                    BuildStepEventKind.StillRunning,
                    vertex.Number,
                    vertex.Name,
                    vertex.IsDockerfileStep,
                    elapsed,
                    null,
                    BuildProgressImportance.Normal,
                    $"#{vertex.Number} ... still running ({FormatSeconds(elapsed)})"));
            }
        }
    }

    /// <summary>Emits the unterminated last lines of every step's output. Call once the response has ended.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            foreach (var vertex in _vertexes.Values.OrderBy(v => v.Order))
            {
                FlushOutput(vertex);
            }
        }
    }

    public BuildProgressSummary GetSummary()
    {
        lock (_gate)
        {
            return new BuildProgressSummary(_displayed
                .Select(v => new BuildStepRecord(
                    v.Number,
                    v.Name,
                    v.IsDockerfileStep,
                    v.Completed is not null || v.Cached,
                    v.Cached,
                    DurationOf(v),
                    v.Error))
                .ToArray());
        }
    }

    /// <summary>
    /// The step that failed the build, or null when no vertex reported an error. When one step fails,
    /// BuildKit cancels the steps running in parallel and they report "context canceled"; those are
    /// only chosen when nothing else failed.
    /// </summary>
    public BuildStepFailure? GetFailure()
    {
        lock (_gate)
        {
            var failed = _vertexes.Values.Where(v => v.Error is not null).OrderBy(v => v.Order).ToList();
            var culprit = failed.FirstOrDefault(v => !IsCancellation(v.Error!)) ?? failed.FirstOrDefault();
            if (culprit is null)
            {
                return null;
            }

            FlushOutput(culprit);
            return new BuildStepFailure(culprit.Number, culprit.Name, culprit.Error!, culprit.RecentLines.ToArray());
        }
    }

    private void ApplyVertex(BuildKitVertex update, DateTimeOffset now)
    {
        var vertex = GetOrAdd(update.Digest);
        if (update.Name.Length > 0)
        {
            vertex.Name = update.Name;
        }

        vertex.Cached |= update.Cached;
        vertex.Started ??= update.Started;
        vertex.Completed = update.Completed ?? vertex.Completed;
        vertex.Error = update.Error ?? vertex.Error;

        var hasNews = vertex.Started is not null || vertex.Cached || vertex.Completed is not null || vertex.Error is not null;
        if (!hasNews)
        {
            return;
        }

        if (!vertex.StartEmitted)
        {
            vertex.StartEmitted = true;
            vertex.LocalStarted = now;
            vertex.LocalLastActivity = now;
            EmitStep(vertex, BuildStepEventKind.Started, null, $"#{EnsureNumber(vertex)} {vertex.Name}");
        }

        if (vertex.Cached && !vertex.CachedEmitted && !vertex.DoneEmitted && !vertex.ErrorEmitted)
        {
            vertex.CachedEmitted = true;
            EmitStep(vertex, BuildStepEventKind.Cached, null, $"#{vertex.Number} CACHED");
        }

        if (vertex.Error is not null && !vertex.ErrorEmitted)
        {
            FlushOutput(vertex);
            vertex.ErrorEmitted = true;
            EmitStep(vertex, BuildStepEventKind.Error, DurationOf(vertex), $"#{vertex.Number} ERROR: {vertex.Error}");
        }
        else if (vertex.Completed is not null && !vertex.DoneEmitted && !vertex.CachedEmitted && !vertex.ErrorEmitted)
        {
            FlushOutput(vertex);
            vertex.DoneEmitted = true;
            var duration = DurationOf(vertex);
            var text = duration is { } d ? $"#{vertex.Number} DONE {FormatSeconds(d)}" : $"#{vertex.Number} DONE";
            EmitStep(vertex, BuildStepEventKind.Done, duration, text);
        }
    }

    private void ApplySubTask(BuildKitVertexStatus subTask)
    {
        if (subTask.Completed is null)
        {
            return;
        }

        var vertex = GetOrAdd(subTask.Vertex);
        var key = subTask.Id.Length > 0 ? subTask.Id : subTask.Name;
        if (!vertex.FinishedSubTasks.Add(key))
        {
            return;
        }

        var name = subTask.Name.Length > 0 ? subTask.Name : subTask.Id;
        var duration = subTask.Started is { } started ? NonNegative(subTask.Completed.Value - started) : (TimeSpan?)null;
        var text = duration is { } d
            ? $"#{EnsureNumber(vertex)} {name} {FormatSeconds(d)} done"
            : $"#{EnsureNumber(vertex)} {name} done";
        EmitStep(vertex, BuildStepEventKind.SubTaskDone, duration, text, BuildProgressImportance.Low);
    }

    private void ApplyLog(BuildKitVertexLog log, DateTimeOffset now)
    {
        var vertex = GetOrAdd(log.Vertex);
        vertex.LocalLastActivity = now;
        if (!vertex.Streams.TryGetValue(log.Stream, out var assembler))
        {
            assembler = new LogLineAssembler();
            vertex.Streams.Add(log.Stream, assembler);
        }

        _completedLines.Clear();
        assembler.Append(log.Message.Span, _completedLines);
        foreach (var line in _completedLines)
        {
            EmitLine(vertex, line, log.Stream == BuildKitVertexLog.StandardError, log.Timestamp);
        }
    }

    private void ApplyWarning(BuildKitVertexWarning warning)
    {
        _vertexes.TryGetValue(warning.Vertex, out var vertex);
        var number = vertex is null ? (int?)null : EnsureNumber(vertex);
        var file = warning.Source is { Filename.Length: > 0 } source ? source.Filename : null;
        var line = warning.Ranges.Count > 0 && warning.Ranges[0].StartLine > 0 ? warning.Ranges[0].StartLine : (int?)null;
        var message = warning.Short.TrimEnd('\r', '\n');
        var text = number is null ? $"WARNING: {message}" : $"#{number} WARNING: {message}";
        _sink.OnWarning(new BuildWarningEvent(number, vertex?.Name, message, warning.Detail, warning.Url, file, line, text));
    }

    private void FlushOutput(BuildVertexState vertex)
    {
        foreach (var (stream, assembler) in vertex.Streams.OrderBy(pair => pair.Key))
        {
            if (assembler.Flush() is { } line)
            {
                EmitLine(vertex, line, stream == BuildKitVertexLog.StandardError, null);
            }
        }
    }

    private void EmitLine(BuildVertexState vertex, string line, bool isStandardError, DateTimeOffset? timestamp)
    {
        vertex.RecentLines.Enqueue(line);
        while (vertex.RecentLines.Count > KeptOutputLines)
        {
            vertex.RecentLines.Dequeue();
        }

        var number = EnsureNumber(vertex);
        var text = timestamp is { } at && vertex.Started is { } started
            ? $"#{number} {NonNegative(at - started).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} {line}"
            : $"#{number} {line}";
        _sink.OnLog(new BuildLogEvent(number, vertex.Name, isStandardError, line, BuildProgressImportance.Low, text));
    }

    private void EmitStep(BuildVertexState vertex, BuildStepEventKind kind, TimeSpan? duration, string text, BuildProgressImportance? importance = null)
    {
        // Failures always matter; plumbing ("[internal] …", "exporting to image") is detail.
        var chosen = importance
            ?? (kind == BuildStepEventKind.Error ? BuildProgressImportance.High
                : vertex.IsDockerfileStep ? BuildProgressImportance.Normal
                : BuildProgressImportance.Low);
        _sink.OnStep(new BuildStepEvent(kind, vertex.Number, vertex.Name, vertex.IsDockerfileStep, duration, vertex.Error, chosen, text));
    }

    private BuildVertexState GetOrAdd(string digest)
    {
        if (!_vertexes.TryGetValue(digest, out var vertex))
        {
            vertex = new BuildVertexState(digest, _vertexes.Count);
            _vertexes.Add(digest, vertex);
        }

        return vertex;
    }

    private int EnsureNumber(BuildVertexState vertex)
    {
        if (vertex.Number == 0)
        {
            vertex.Number = ++_lastNumber;
            _displayed.Add(vertex);
        }

        return vertex.Number;
    }

    private static TimeSpan? DurationOf(BuildVertexState vertex) =>
        vertex.Started is { } started && vertex.Completed is { } completed ? NonNegative(completed - started) : null;

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static string FormatSeconds(TimeSpan value) =>
        value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    private static bool IsCancellation(string error) =>
        error.Contains("context canceled", StringComparison.OrdinalIgnoreCase)
        || error.Equals("canceled", StringComparison.OrdinalIgnoreCase);
}
