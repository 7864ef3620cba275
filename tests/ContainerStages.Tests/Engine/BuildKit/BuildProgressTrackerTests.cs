using System.Globalization;
using System.Text;
using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Tests.Engine.BuildKit;

[TestClass]
public sealed class BuildProgressTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<string> NoInputs = Array.Empty<string>();

    [TestMethod]
    public void Apply_VertexRepeatedAcrossBatches_EmitsEachEventOnce()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink);
        const string name = "[build 2/4] RUN dotnet restore";

        tracker.Apply(Batch(Vertex("a", name)));
        tracker.Apply(Batch(Vertex("a", name, started: T0)));
        tracker.Apply(Batch(Vertex("a", name, started: T0)));
        tracker.Apply(Batch(Vertex("a", name, started: T0, completed: T0.AddMilliseconds(2340))));
        tracker.Apply(Batch(Vertex("a", name, started: T0, completed: T0.AddMilliseconds(2340))));

        CollectionAssert.AreEqual(new[] { "#1 [build 2/4] RUN dotnet restore", "#1 DONE 2.3s" }, sink.Lines.ToArray());
        var done = sink.Steps.Last();
        Assert.AreEqual(BuildStepEventKind.Done, done.Kind);
        Assert.AreEqual(TimeSpan.FromMilliseconds(2340), done.Duration);
        Assert.AreEqual(BuildProgressImportance.Normal, done.Importance);
        Assert.IsTrue(done.IsDockerfileStep);
    }

    [TestMethod]
    public void Apply_UnstartedVertexes_AreNumberedWhenFirstShown()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink);

        // BuildKit announces the whole graph first; the order in which steps run decides the numbers.
        tracker.Apply(Batch(Vertex("a", "[build 1/2] COPY . ."), Vertex("b", "[internal] load remote build context"), Vertex("c", "never runs")));
        tracker.Apply(Batch(Vertex("b", "[internal] load remote build context", started: T0)));
        tracker.Apply(Batch(Vertex("a", "[build 1/2] COPY . .", started: T0)));

        CollectionAssert.AreEqual(new[] { "#1 [internal] load remote build context", "#2 [build 1/2] COPY . ." }, sink.Lines.ToArray());
        Assert.HasCount(2, tracker.GetSummary().Steps);
    }

    [TestMethod]
    public void Apply_CachedVertex_EmitsCachedInsteadOfDone()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink);
        const string name = "[build 3/4] COPY . .";

        tracker.Apply(Batch(Vertex("a", name, cached: true, started: T0, completed: T0)));
        tracker.Apply(Batch(Vertex("a", name, cached: true, started: T0, completed: T0)));

        CollectionAssert.AreEqual(new[] { "#1 [build 3/4] COPY . .", "#1 CACHED" }, sink.Lines.ToArray());
        var summary = tracker.GetSummary();
        Assert.AreEqual(1, summary.TotalSteps);
        Assert.AreEqual(1, summary.CachedSteps);
        Assert.IsTrue(summary.AllStepsCached);
        Assert.IsTrue(summary.Steps.Single().Completed);
    }

    [TestMethod]
    public void Summary_CountsDockerfileStepsExceptFrom()
    {
        var tracker = new BuildProgressTracker(new RecordingProgressSink());

        tracker.Apply(Batch(
            Vertex("ctx", "[internal] load remote build context", started: T0, completed: T0.AddSeconds(1)),
            Vertex("from", "[build 1/3] FROM docker.io/library/sdk:10.0", started: T0, completed: T0),
            Vertex("copy", "[build 2/3] COPY . .", cached: true, started: T0, completed: T0),
            Vertex("run", "[build 3/3] RUN make", started: T0, completed: T0.AddSeconds(3)),
            Vertex("exp", "exporting to image", started: T0, completed: T0.AddSeconds(1))));

        var summary = tracker.GetSummary();
        Assert.HasCount(5, summary.Steps);
        Assert.AreEqual(2, summary.TotalSteps);
        Assert.AreEqual(1, summary.CachedSteps);
        Assert.IsFalse(summary.AllStepsCached);
        Assert.IsTrue(summary.Steps.Single(s => s.Name.Contains("FROM", StringComparison.Ordinal)).IsBaseImage);
        var run = summary.Steps.Single(s => s.Name == "[build 3/3] RUN make");
        Assert.AreEqual(new BuildStepRecord(4, "[build 3/3] RUN make", true, true, false, TimeSpan.FromSeconds(3), null), run);
    }

    [TestMethod]
    public void Summary_EverythingButFromAndPlumbingCached_IsAllCached()
    {
        var tracker = new BuildProgressTracker(new RecordingProgressSink());

        tracker.Apply(Batch(
            Vertex("ctx", "[internal] load remote build context", started: T0, completed: T0.AddSeconds(1)),
            Vertex("from", "[build 1/3] FROM docker.io/library/sdk:10.0", started: T0, completed: T0),
            Vertex("copy", "[build 2/3] COPY . .", cached: true, started: T0, completed: T0),
            Vertex("run", "[build 3/3] RUN make", cached: true, started: T0, completed: T0),
            Vertex("exp", "exporting to image", started: T0, completed: T0.AddSeconds(1))));

        Assert.IsTrue(tracker.GetSummary().AllStepsCached);
    }

    [TestMethod]
    public void Summary_NoSteps_IsNotAllCached()
    {
        Assert.IsFalse(new BuildProgressTracker(new RecordingProgressSink()).GetSummary().AllStepsCached);
    }

    [TestMethod]
    public void Apply_PlumbingVertexes_AreLowImportance()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink);

        tracker.Apply(Batch(
            Vertex("ctx", "[internal] load remote build context", started: T0, completed: T0.AddSeconds(1)),
            Vertex("exp", "exporting to image", started: T0, completed: T0.AddSeconds(1)),
            Vertex("a", "[linux/amd64 final 2/2] COPY --from=build /app .", started: T0, completed: T0.AddSeconds(1))));

        var importance = sink.Steps.GroupBy(s => s.StepName).ToDictionary(g => g.Key, g => g.Select(s => s.Importance).Distinct().Single());
        Assert.AreEqual(BuildProgressImportance.Low, importance["[internal] load remote build context"]);
        Assert.AreEqual(BuildProgressImportance.Low, importance["exporting to image"]);
        Assert.AreEqual(BuildProgressImportance.Normal, importance["[linux/amd64 final 2/2] COPY --from=build /app ."]);
    }

    [TestMethod]
    public void Apply_DurationUsesInvariantCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var sink = new RecordingProgressSink();
            var tracker = new BuildProgressTracker(sink);

            tracker.Apply(Batch(Vertex("a", "[1/1] RUN x", started: T0, completed: T0.AddSeconds(12.345))));

            Assert.AreEqual("#1 DONE 12.3s", sink.Lines[^1]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [TestMethod]
    public void Apply_ErroredVertex_EmitsHighImportanceErrorAfterItsOutput()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink);
        const string name = "[build 3/4] RUN dotnet build";

        tracker.Apply(Batch(Vertex("a", name, started: T0)));
        tracker.Apply(Batch(Log("a", T0.AddMilliseconds(512), 1, "Building...\nno newline yet")));
        tracker.Apply(Batch(Vertex("a", name, started: T0, completed: T0.AddSeconds(1), error: "exit code: 1")));

        CollectionAssert.AreEqual(
            new[] { "#1 [build 3/4] RUN dotnet build", "#1 0.512 Building...", "#1 no newline yet", "#1 ERROR: exit code: 1" },
            sink.Lines.ToArray());
        var error = sink.Steps.Last();
        Assert.AreEqual(BuildStepEventKind.Error, error.Kind);
        Assert.AreEqual(BuildProgressImportance.High, error.Importance);
        Assert.AreEqual("exit code: 1", error.Error);
        Assert.IsFalse(sink.Steps.Any(s => s.Kind == BuildStepEventKind.Done));
    }

    [TestMethod]
    public void Apply_LogChunks_AreJoinedIntoLinesAcrossChunksAndUtf8Sequences()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink);
        var text = Encoding.UTF8.GetBytes("héllo wörld\r\nsecond ✓\nprogress 10%\rprogress 100%\n");

        tracker.Apply(Batch(Vertex("a", "[1/1] RUN x", started: T0)));
        for (var i = 0; i < text.Length; i += 3)
        {
            tracker.Apply(Batch(new BuildKitVertexLog("a", T0.AddSeconds(1), 1, text.AsMemory(i, Math.Min(3, text.Length - i)))));
        }

        CollectionAssert.AreEqual(
            new[] { "héllo wörld", "second ✓", "progress 100%" },
            sink.Logs.Select(l => l.Line).ToArray());
        Assert.IsTrue(sink.Logs.All(l => l.StepNumber == 1 && l.Importance == BuildProgressImportance.Low && !l.IsStandardError));
        Assert.AreEqual("#1 1.000 héllo wörld", sink.Logs.First().Text);
    }

    [TestMethod]
    public void Apply_StdoutAndStderr_KeepTheirOwnPartialLines()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink);

        tracker.Apply(Batch(Vertex("a", "[1/1] RUN x", started: T0)));
        tracker.Apply(Batch(Log("a", T0, 1, "out-"), Log("a", T0, 2, "err-"), Log("a", T0, 1, "line\n"), Log("a", T0, 2, "line\n")));

        CollectionAssert.AreEqual(new[] { "out-line", "err-line" }, sink.Logs.Select(l => l.Line).ToArray());
        CollectionAssert.AreEqual(new[] { false, true }, sink.Logs.Select(l => l.IsStandardError).ToArray());
    }

    [TestMethod]
    public void Complete_FlushesUnterminatedOutput()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink);

        tracker.Apply(Batch(Vertex("a", "[1/1] RUN x", started: T0), Log("a", T0, 1, "tail")));
        Assert.IsFalse(sink.Logs.Any());

        tracker.Complete();

        Assert.AreEqual("tail", sink.Logs.Single().Line);
    }

    [TestMethod]
    public void GetFailure_ReturnsFirstRealErrorAndLastTwentyLines()
    {
        var tracker = new BuildProgressTracker(new RecordingProgressSink());
        var output = string.Concat(Enumerable.Range(1, 30).Select(i => $"line {i}\n"));

        tracker.Apply(Batch(
            Vertex("other", "[test 2/2] RUN sleep 100", started: T0),
            Vertex("build", "[build 3/4] RUN dotnet build", started: T0)));
        tracker.Apply(Batch(Log("build", T0, 1, output), Log("build", T0, 2, "error CS1002: ; expected")));
        tracker.Apply(Batch(Vertex("other", "[test 2/2] RUN sleep 100", started: T0, completed: T0.AddSeconds(1), error: "context canceled")));
        tracker.Apply(Batch(Vertex("build", "[build 3/4] RUN dotnet build", started: T0, completed: T0.AddSeconds(1), error: "exit code: 1")));

        var failure = tracker.GetFailure();

        Assert.IsNotNull(failure);
        Assert.AreEqual("[build 3/4] RUN dotnet build", failure.StepName);
        Assert.AreEqual(2, failure.StepNumber);
        Assert.AreEqual("exit code: 1", failure.Error);
        Assert.HasCount(BuildProgressTracker.FailureOutputLineCount, failure.LastOutputLines);
        Assert.AreEqual("line 12", failure.LastOutputLines[0]);
        Assert.AreEqual("error CS1002: ; expected", failure.LastOutputLines[^1]);
    }

    [TestMethod]
    public void GetFailure_OnlyCancelledVertexes_ReturnsTheFirstOfThem()
    {
        var tracker = new BuildProgressTracker(new RecordingProgressSink());

        tracker.Apply(Batch(Vertex("a", "[1/1] RUN x", started: T0, completed: T0, error: "context canceled")));

        Assert.AreEqual("[1/1] RUN x", tracker.GetFailure()?.StepName);
    }

    [TestMethod]
    public void GetFailure_NoErroredVertex_ReturnsNull()
    {
        var tracker = new BuildProgressTracker(new RecordingProgressSink());

        tracker.Apply(Batch(Vertex("a", "[1/1] RUN x", started: T0, completed: T0)));

        Assert.IsNull(tracker.GetFailure());
    }

    [TestMethod]
    public void Heartbeat_QuietRunningStep_ReportsStillRunningOncePerQuietPeriod()
    {
        var clock = new ManualTimeProvider(T0);
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink, clock);

        tracker.Apply(Batch(Vertex("a", "[build 3/4] RUN dotnet build", started: T0)));
        tracker.Heartbeat(T0.AddSeconds(9.9));
        Assert.IsFalse(sink.Steps.Any(s => s.Kind == BuildStepEventKind.StillRunning));

        tracker.Heartbeat(T0.AddSeconds(10));
        tracker.Heartbeat(T0.AddSeconds(15));
        tracker.Heartbeat(T0.AddSeconds(30));

        var beats = sink.Steps.Where(s => s.Kind == BuildStepEventKind.StillRunning).ToList();
        CollectionAssert.AreEqual(new[] { "#1 ... still running (10.0s)", "#1 ... still running (30.0s)" }, beats.Select(b => b.Text).ToArray());
        Assert.AreEqual(TimeSpan.FromSeconds(30), beats[^1].Duration);
        Assert.AreEqual(BuildProgressImportance.Normal, beats[^1].Importance);
    }

    [TestMethod]
    public void Heartbeat_StepThatPrintedRecently_StaysQuiet()
    {
        var clock = new ManualTimeProvider(T0);
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink, clock);

        tracker.Apply(Batch(Vertex("a", "[1/1] RUN x", started: T0)));
        clock.Now = T0.AddSeconds(25);
        tracker.Apply(Batch(Log("a", T0.AddSeconds(25), 1, "still busy\n")));
        tracker.Heartbeat(T0.AddSeconds(30));
        Assert.IsFalse(sink.Steps.Any(s => s.Kind == BuildStepEventKind.StillRunning));

        tracker.Heartbeat(T0.AddSeconds(35));
        Assert.AreEqual("#1 ... still running (35.0s)", sink.Steps.Single(s => s.Kind == BuildStepEventKind.StillRunning).Text);
    }

    [TestMethod]
    public void Heartbeat_FinishedOrCachedSteps_StayQuiet()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink, new ManualTimeProvider(T0)) { QuietPeriod = TimeSpan.FromSeconds(5) };

        tracker.Apply(Batch(
            Vertex("done", "[1/3] RUN a", started: T0, completed: T0.AddSeconds(1)),
            Vertex("cached", "[2/3] RUN b", cached: true, started: T0),
            Vertex("failed", "[3/3] RUN c", started: T0, error: "exit code: 2")));
        tracker.Heartbeat(T0.AddMinutes(5));

        Assert.IsFalse(sink.Steps.Any(s => s.Kind == BuildStepEventKind.StillRunning));
    }

    [TestMethod]
    public void Apply_CompletedSubTask_EmitsLowImportanceLineOnce()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink);
        var running = new BuildKitVertexStatus("exporting layers", "exp", "exporting layers", 0, 0, T0, T0, null);
        var finished = running with { Completed = T0.AddMilliseconds(120) };

        tracker.Apply(Batch(Vertex("exp", "exporting to image", started: T0)));
        tracker.Apply(new BuildKitStatus([], [running], [], []));
        tracker.Apply(new BuildKitStatus([], [finished], [], []));
        tracker.Apply(new BuildKitStatus([], [finished], [], []));

        var subTask = sink.Steps.Single(s => s.Kind == BuildStepEventKind.SubTaskDone);
        Assert.AreEqual("#1 exporting layers 0.1s done", subTask.Text);
        Assert.AreEqual(BuildProgressImportance.Low, subTask.Importance);
    }

    [TestMethod]
    public void Apply_Warning_BecomesWarningEventWithLocation()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink);
        var warning = new BuildKitVertexWarning(
            "a",
            1,
            "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 3)\n",
            ["detail"],
            "https://docs.docker.com/go/dockerfile/rule/from-as-casing/",
            new BuildKitSourceInfo("Dockerfile", ReadOnlyMemory<byte>.Empty, "Dockerfile"),
            [new BuildKitSourceRange(3, 0, 3, 0)]);

        tracker.Apply(Batch(Vertex("a", "[internal] load build definition from Dockerfile", started: T0)));
        tracker.Apply(new BuildKitStatus([], [], [], [warning]));

        var emitted = sink.Warnings.Single();
        Assert.AreEqual(1, emitted.StepNumber);
        Assert.AreEqual("FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 3)", emitted.Message);
        Assert.AreEqual("Dockerfile", emitted.File);
        Assert.AreEqual(3, emitted.Line);
        Assert.AreEqual("https://docs.docker.com/go/dockerfile/rule/from-as-casing/", emitted.Url);
        Assert.AreEqual("#1 WARNING: FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 3)", emitted.Text);
    }

    [TestMethod]
    public void ReportEngineOutput_SplitsIntoLowImportanceLines()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink);

        tracker.ReportEngineOutput("Successfully tagged app:1\r\n\n");

        var log = sink.Logs.Single();
        Assert.IsNull(log.StepNumber);
        Assert.AreEqual("Successfully tagged app:1", log.Text);
        Assert.AreEqual(BuildProgressImportance.Low, log.Importance);
    }

    [TestMethod]
    public async Task Heartbeat_CalledConcurrentlyWithApply_IsSafe()
    {
        var tracker = new BuildProgressTracker(new RecordingProgressSink(), new ManualTimeProvider(T0)) { QuietPeriod = TimeSpan.Zero };
        using var stop = new CancellationTokenSource();

        var beating = Task.Run(() =>
        {
            var tick = 0;
            while (!stop.IsCancellationRequested)
            {
                tracker.Heartbeat(T0.AddSeconds(++tick));
            }
        });
        for (var i = 0; i < 2000; i++)
        {
            tracker.Apply(Batch(Vertex($"v{i}", $"[1/1] RUN step {i}", started: T0), Log($"v{i}", T0, 1, "x\n")));
        }

        await stop.CancelAsync();
        await beating;

        Assert.AreEqual(2000, tracker.GetSummary().TotalSteps);
    }

    private static BuildKitStatus Batch(params BuildKitVertex[] vertexes) => new(vertexes, [], [], []);

    private static BuildKitStatus Batch(params BuildKitVertexLog[] logs) => new([], [], logs, []);

    private static BuildKitStatus Batch(BuildKitVertex vertex, BuildKitVertexLog log) => new([vertex], [], [log], []);

    private static BuildKitVertex Vertex(
        string digest,
        string name,
        bool cached = false,
        DateTimeOffset? started = null,
        DateTimeOffset? completed = null,
        string? error = null) =>
        new(digest, NoInputs, name, cached, started, completed, error, null);

    private static BuildKitVertexLog Log(string vertex, DateTimeOffset timestamp, long stream, string text) =>
        new(vertex, timestamp, stream, Encoding.UTF8.GetBytes(text));
}
