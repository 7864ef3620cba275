using System.Text;
using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Tests.Engine.BuildKit;

[TestClass]
public sealed class BuildResponseReaderTests
{
    private const string RecordedImageId = "sha256:d70b6acf2bc1fa3bd603f1b362c2bee6a167bd3de9f7b5632b7c74260c95e129";
    private const string PublishRun = "[build 6/6] RUN echo \"publishing app\" && echo \"note: this line goes to stderr\" >&2 && dotnet publish app.csproj -c Release --no-restore -o /app/publish";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task FirstBuild_SucceedsWithImageIdAndStepLines()
    {
        var (outcome, sink) = await ReadRecordedAsync(RecordedBuildStreams.MultistageFirstBuild);

        Assert.IsTrue(outcome.Succeeded);
        Assert.AreEqual(RecordedImageId, outcome.ImageId);
        Assert.IsNull(outcome.ErrorMessage);
        Assert.IsNull(outcome.FailedStep);
        AssertContainsInOrder(
            sink.Lines,
            "#1 [internal] load remote build context",
            "#10 [build 4/6] RUN dotnet restore app.csproj",
            "#10 1.523   Determining projects to restore...",
            "#10 2.427   Restored /src/app.csproj (in 158 ms).",
            "#10 DONE 2.5s",
            "#12 " + PublishRun,
            "#12 0.329 publishing app",
            "#12 0.329 note: this line goes to stderr",
            "#12 5.548   app -> /app/publish/",
            "#12 DONE 5.7s",
            "#13 [final 3/3] COPY --from=build /app/publish .",
            "#13 DONE 0.0s",
            "#14 exporting to image",
            "Successfully tagged containerstages-test-rec:1");
        Assert.IsTrue(sink.Logs.Single(l => l.Line == "note: this line goes to stderr").IsStandardError);
        Assert.IsFalse(sink.Steps.Any(s => s.Kind is BuildStepEventKind.Cached or BuildStepEventKind.Error));
        Assert.AreEqual(7, outcome.Summary.TotalSteps);
        Assert.AreEqual(0, outcome.Summary.CachedSteps);
        Assert.IsTrue(outcome.Summary.Steps.All(s => s.Completed));
    }

    [TestMethod]
    public async Task FirstBuild_EmitsEachStepEventOnce()
    {
        var (_, sink) = await ReadRecordedAsync(RecordedBuildStreams.MultistageFirstBuild);

        var repeated = sink.Steps.GroupBy(s => (s.StepNumber, s.Kind, s.Text)).Where(g => g.Count() > 1).Select(g => g.Key.Text).ToList();
        Assert.IsEmpty(repeated, string.Join(", ", repeated));
        var numbers = sink.Steps.Where(s => s.Kind == BuildStepEventKind.Started).Select(s => s.StepNumber).ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(1, 14).ToArray(), numbers);
    }

    [TestMethod]
    public async Task CachedRebuild_ReportsEveryStepCached()
    {
        var (outcome, sink) = await ReadRecordedAsync(RecordedBuildStreams.MultistageCachedRebuild);

        Assert.IsTrue(outcome.Succeeded);
        Assert.AreEqual(RecordedImageId, outcome.ImageId);
        Assert.IsTrue(outcome.Summary.AllStepsCached);
        Assert.AreEqual(7, outcome.Summary.TotalSteps);
        AssertContainsInOrder(sink.Lines, "#12 " + PublishRun, "#12 CACHED", "#13 [final 3/3] COPY --from=build /app/publish .", "#13 CACHED");
        Assert.IsFalse(sink.Logs.Any(l => l.StepNumber is not null), "cached steps print nothing");
        var dockerfileSteps = sink.Steps.Where(s => s.IsDockerfileStep && s.Kind != BuildStepEventKind.Started).ToList();
        Assert.HasCount(9, dockerfileSteps);
        Assert.AreEqual(7, dockerfileSteps.Count(s => s.Kind == BuildStepEventKind.Cached));
    }

    [TestMethod]
    public async Task CompileError_ReportsFailingRunStepAndItsOutput()
    {
        var (outcome, sink) = await ReadRecordedAsync(RecordedBuildStreams.RunStepCompileError);

        Assert.IsFalse(outcome.Succeeded);
        Assert.IsNull(outcome.ImageId);
        Assert.AreEqual(
            "executor failed running [/bin/sh -c echo \"publishing app\" && echo \"note: this line goes to stderr\" >&2 && dotnet publish app.csproj -c Release --no-restore -o /app/publish]: exit code: 1",
            outcome.ErrorMessage);
        Assert.IsNotNull(outcome.FailedStep);
        Assert.AreEqual(PublishRun, outcome.FailedStep.StepName);
        Assert.AreEqual(outcome.ErrorMessage, outcome.FailedStep.Error);
        CollectionAssert.AreEqual(
            new[]
            {
                "publishing app",
                "note: this line goes to stderr",
                "/src/Program.cs(1,48): error CS1002: ; expected [/src/app.csproj]",
                "/src/Program.cs(2,16): error CS1002: ; expected [/src/app.csproj]",
            },
            outcome.FailedStep.LastOutputLines.ToArray());
        var error = sink.Steps.Single(s => s.Kind == BuildStepEventKind.Error);
        Assert.AreEqual(BuildProgressImportance.High, error.Importance);
        Assert.AreEqual(outcome.FailedStep.StepNumber, error.StepNumber);
        Assert.StartsWith($"#{error.StepNumber} ERROR: executor failed running [/bin/sh -c echo", error.Text);
    }

    [TestMethod]
    public async Task ParallelStageFailure_BlamesTheStepThatFailedNotTheCancelledOne()
    {
        var (outcome, sink) = await ReadRecordedAsync(RecordedBuildStreams.RunStepFailsParallelStageCancelled);

        Assert.IsFalse(outcome.Succeeded);
        Assert.IsNotNull(outcome.FailedStep);
        Assert.StartsWith("[broken 2/2] RUN echo \"line 1 on stdout\"", outcome.FailedStep.StepName);
        CollectionAssert.AreEqual(
            new[] { "line 1 on stdout", "line 2 on stderr", "line 3 on stdout", "line 4 on stderr, no newline" },
            outcome.FailedStep.LastOutputLines.ToArray());
        var cancelled = outcome.Summary.Steps.Single(s => s.Name.StartsWith("[slow 2/2]", StringComparison.Ordinal));
        StringAssert.Contains(cancelled.Error, "context canceled");
        Assert.HasCount(2, sink.Steps.Where(s => s.Kind == BuildStepEventKind.Error));
    }

    [TestMethod]
    public async Task LongOutput_KeepsTheLastTwentyLines()
    {
        var (outcome, _) = await ReadRecordedAsync(RecordedBuildStreams.RunStepFailsLongOutput);

        Assert.IsNotNull(outcome.FailedStep);
        Assert.HasCount(BuildProgressTracker.FailureOutputLineCount, outcome.FailedStep.LastOutputLines);
        Assert.AreEqual("tests failed", outcome.FailedStep.LastOutputLines[^1]);
        Assert.EndsWith("exit code: 3", outcome.ErrorMessage);
    }

    [TestMethod]
    public async Task MissingCopySource_BlamesTheCopyStep()
    {
        var (outcome, _) = await ReadRecordedAsync(RecordedBuildStreams.CopySourceMissing);

        Assert.AreEqual("failed to compute cache key: \"/publish\" not found: not found", outcome.ErrorMessage);
        Assert.IsNotNull(outcome.FailedStep);
        Assert.AreEqual("[3/3] COPY publish/ ./", outcome.FailedStep.StepName);
        Assert.AreEqual("\"/publish\" not found: not found", outcome.FailedStep.Error);
        Assert.IsEmpty(outcome.FailedStep.LastOutputLines);
    }

    [TestMethod]
    public async Task DockerfileSyntaxError_GivesParserMessageAndNoStep()
    {
        var (outcome, sink) = await ReadRecordedAsync(RecordedBuildStreams.DockerfileSyntaxError);

        Assert.IsFalse(outcome.Succeeded);
        Assert.IsNull(outcome.ImageId);
        Assert.AreEqual(
            "failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: FROMM",
            outcome.ErrorMessage);
        Assert.IsNull(outcome.FailedStep);
        Assert.IsFalse(sink.Steps.Any(s => s.Kind == BuildStepEventKind.Error));
    }

    [TestMethod]
    public async Task UnknownTargetStage_GivesClearMessage()
    {
        var (outcome, _) = await ReadRecordedAsync(RecordedBuildStreams.UnknownTargetStage);

        Assert.IsFalse(outcome.Succeeded);
        Assert.EndsWith("target stage nosuchstage could not be found", outcome.ErrorMessage);
        Assert.IsNull(outcome.FailedStep);
    }

    [TestMethod]
    [DynamicData(nameof(AllRecordings))]
    public async Task Recording_ReadInTinyChunks_GivesTheSameResult(string recording)
    {
        var bytes = RecordedBuildStreams.Read(recording);
        var (whole, wholeSink) = await ReadAsync(new MemoryStream(bytes));

        for (var seed = 0; seed < 3; seed++)
        {
            var trickle = new TricklingStream(bytes, seed);
            var (chunked, chunkedSink) = await ReadAsync(trickle);

            Assert.IsGreaterThan(bytes.Length / 7, trickle.ReadCount);
            AssertSameOutcome(whole, chunked);
            CollectionAssert.AreEqual(wholeSink.Lines.ToArray(), chunkedSink.Lines.ToArray());
        }
    }

    [TestMethod]
    [DynamicData(nameof(AllRecordings))]
    public async Task Recording_WithSeveralObjectsPerLine_GivesTheSameResult(string recording)
    {
        var bytes = RecordedBuildStreams.Read(recording);
        var text = Encoding.UTF8.GetString(bytes);
        var (whole, wholeSink) = await ReadAsync(new MemoryStream(bytes));

        foreach (var separator in new[] { string.Empty, " ", "\r\n", "\n\n\t" })
        {
            var joined = string.Join(separator, text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            var (packed, packedSink) = await ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(joined)));

            AssertSameOutcome(whole, packed);
            CollectionAssert.AreEqual(wholeSink.Lines.ToArray(), packedSink.Lines.ToArray());
        }
    }

    [TestMethod]
    public async Task StreamEndingBeforeImageId_IsAFailure()
    {
        var text = Encoding.UTF8.GetString(RecordedBuildStreams.Read(RecordedBuildStreams.MultistageFirstBuild));
        var cut = text[..text.IndexOf("{\"id\":\"moby.image.id\"", StringComparison.Ordinal)];

        var (outcome, _) = await ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(cut)));

        Assert.IsFalse(outcome.Succeeded);
        Assert.IsNull(outcome.ImageId);
        Assert.IsNull(outcome.ErrorMessage);
        Assert.IsNull(outcome.FailedStep);
        Assert.IsFalse(outcome.EndedInsideMessage);
        Assert.AreEqual(7, outcome.Summary.TotalSteps);
    }

    [TestMethod]
    public async Task FailedBuildCutBeforeTheErrorLine_StillNamesTheFailedStep()
    {
        var text = Encoding.UTF8.GetString(RecordedBuildStreams.Read(RecordedBuildStreams.RunStepCompileError));
        var cut = text[..text.IndexOf("{\"errorDetail\"", StringComparison.Ordinal)];

        var (outcome, _) = await ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(cut)));

        Assert.IsFalse(outcome.Succeeded);
        Assert.IsNull(outcome.ErrorMessage);
        Assert.AreEqual(PublishRun, outcome.FailedStep?.StepName);
    }

    [TestMethod]
    public async Task StreamEndingInsideAMessage_IsAFailure()
    {
        var text = Encoding.UTF8.GetString(RecordedBuildStreams.Read(RecordedBuildStreams.MultistageFirstBuild));
        var cut = text[..(text.IndexOf("{\"id\":\"moby.image.id\"", StringComparison.Ordinal) + 30)];

        var (outcome, _) = await ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(cut)));

        Assert.IsFalse(outcome.Succeeded);
        Assert.IsNull(outcome.ErrorMessage);
        Assert.IsTrue(outcome.EndedInsideMessage);
    }

    [TestMethod]
    public async Task EmptyResponse_IsAFailure()
    {
        var (outcome, sink) = await ReadAsync(new MemoryStream());

        Assert.IsFalse(outcome.Succeeded);
        Assert.IsNull(outcome.ErrorMessage);
        Assert.IsFalse(outcome.EndedInsideMessage);
        Assert.IsEmpty(sink.Events);
    }

    [TestMethod]
    [DataRow("<html><body>502 Bad Gateway</body></html>", DisplayName = "HTML")]
    [DataRow("{\"stream\":\"ok\"}\n{\"stream\" 1}", DisplayName = "broken object")]
    [DataRow("[1,2,3]", DisplayName = "array")]
    [DataRow("\"just a string\"", DisplayName = "string")]
    public async Task NotAStreamOfJsonObjects_ThrowsFormatException(string body)
    {
        var ex = await Assert.ThrowsExactlyAsync<BuildKitFormatException>(() => ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body))));

        StringAssert.Contains(ex.Message, "Invalid build response");
    }

    [TestMethod]
    public async Task UndecodableTrace_IsReportedAndReadingContinues()
    {
        const string body = """
            {"id":"moby.buildkit.trace","aux":"CgU="}
            {"id":"moby.buildkit.trace","aux":"%%%"}
            {"id":"moby.image.id","aux":{"ID":"sha256:abc"}}
            """;

        var (outcome, sink) = await ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)));

        Assert.IsTrue(outcome.Succeeded);
        Assert.AreEqual("sha256:abc", outcome.ImageId);
        Assert.HasCount(2, sink.Logs.Where(l => l.Line.StartsWith("(BuildKit progress could not be decoded", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task OtherMessages_AreIgnored()
    {
        const string body = """
            {"status":"Pulling from library/alpine","id":"latest"}
            {"aux":{"Digest":"sha256:def"}}
            {"id":"moby.buildkit.trace","aux":{"unexpected":"object"}}
            {"id":"moby.image.id","aux":"not an object"}
            {"stream":"Step 1/2 : FROM scratch\n"}
            {"id":"moby.image.id","aux":{"ID":"sha256:abc"}}
            {"error":""}
            """;

        var (outcome, sink) = await ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)));

        Assert.IsTrue(outcome.Succeeded);
        Assert.AreEqual("sha256:abc", outcome.ImageId);
        Assert.AreEqual("Step 1/2 : FROM scratch", sink.Logs.Single().Line);
    }

    [TestMethod]
    public async Task ErrorWithoutDetail_UsesTheErrorString()
    {
        var (outcome, _) = await ReadAsync(new MemoryStream("{\"error\":\"no space left on device\"}\n{\"error\":\"second\"}"u8.ToArray()));

        Assert.AreEqual("no space left on device", outcome.ErrorMessage);
    }

    [TestMethod]
    public async Task MessageLargerThanTheInitialBuffer_IsRead()
    {
        var big = new string('x', 200_000);
        var body = $"{{\"stream\":\"{big}\\n\"}}\n{{\"id\":\"moby.image.id\",\"aux\":{{\"ID\":\"sha256:abc\"}}}}";

        var (outcome, sink) = await ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)));

        Assert.IsTrue(outcome.Succeeded);
        Assert.AreEqual(big, sink.Logs.Single().Line);
    }

    [TestMethod]
    public async Task Cancellation_StopsReading()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var stream = new TricklingStream(RecordedBuildStreams.Read(RecordedBuildStreams.MultistageFirstBuild), 1);

        await Assert.ThrowsAsync<OperationCanceledException>(
            () => BuildResponseReader.ReadAsync(stream, new RecordingProgressSink(), cancellation.Token));
    }

    [TestMethod]
    public async Task CallerSuppliedTracker_IsFedAndCanBeQueriedAfterwards()
    {
        var sink = new RecordingProgressSink();
        var tracker = new BuildProgressTracker(sink);

        var outcome = await BuildResponseReader.ReadAsync(
            new MemoryStream(RecordedBuildStreams.Read(RecordedBuildStreams.MultistageCachedRebuild)),
            tracker,
            TestContext.CancellationToken);

        Assert.IsTrue(tracker.GetSummary().AllStepsCached);
        Assert.AreEqual(outcome.Summary.Steps.Count, tracker.GetSummary().Steps.Count);
        Assert.IsNotEmpty(sink.Events);
    }

    public static IEnumerable<object[]> AllRecordings => RecordedBuildStreams.All.Select(name => new object[] { name });

    private async Task<(BuildResponseOutcome Outcome, RecordingProgressSink Sink)> ReadRecordedAsync(string recording) =>
        await ReadAsync(new MemoryStream(RecordedBuildStreams.Read(recording)));

    private async Task<(BuildResponseOutcome Outcome, RecordingProgressSink Sink)> ReadAsync(Stream stream)
    {
        var sink = new RecordingProgressSink();
        var outcome = await BuildResponseReader.ReadAsync(stream, sink, TestContext.CancellationToken);
        return (outcome, sink);
    }

    private static void AssertSameOutcome(BuildResponseOutcome expected, BuildResponseOutcome actual)
    {
        Assert.AreEqual(expected.ImageId, actual.ImageId);
        Assert.AreEqual(expected.ErrorMessage, actual.ErrorMessage);
        Assert.AreEqual(expected.EndedInsideMessage, actual.EndedInsideMessage);
        Assert.AreEqual(expected.FailedStep?.StepName, actual.FailedStep?.StepName);
        CollectionAssert.AreEqual(
            expected.FailedStep?.LastOutputLines.ToArray() ?? [],
            actual.FailedStep?.LastOutputLines.ToArray() ?? []);
        CollectionAssert.AreEqual(expected.Summary.Steps.ToArray(), actual.Summary.Steps.ToArray());
    }

    private static void AssertContainsInOrder(IReadOnlyList<string> lines, params string[] expected)
    {
        var index = 0;
        foreach (var line in expected)
        {
            var found = -1;
            for (var i = index; i < lines.Count; i++)
            {
                if (lines[i] == line)
                {
                    found = i;
                    break;
                }
            }

            Assert.AreNotEqual(-1, found, $"Missing (in order) \"{line}\" after line {index} of:\n{string.Join("\n", lines)}");
            index = found + 1;
        }
    }
}
