namespace ContainerStages.Tests.Engine.BuildKit;

/// <summary>
/// Raw <c>POST /build?version=2</c> response bodies recorded from dockerd 20.10.24 (API 1.41,
/// BuildKit 0.8); see TestData/BuildKit/README.md for the Dockerfiles behind them.
/// </summary>
internal static class RecordedBuildStreams
{
    public const string MultistageFirstBuild = "multistage-first-build.jsonl";
    public const string MultistageCachedRebuild = "multistage-cached-rebuild.jsonl";
    public const string RunStepCompileError = "run-step-compile-error.jsonl";
    public const string RunStepFailsParallelStageCancelled = "run-step-fails-parallel-stage-cancelled.jsonl";
    public const string RunStepFailsLongOutput = "run-step-fails-long-output.jsonl";
    public const string CopySourceMissing = "copy-source-missing.jsonl";
    public const string DockerfileSyntaxError = "dockerfile-syntax-error.jsonl";
    public const string UnknownTargetStage = "unknown-target-stage.jsonl";
    public const string ScratchCopyOnly = "scratch-copy-only.jsonl";

    public static readonly string[] All =
    [
        MultistageFirstBuild,
        MultistageCachedRebuild,
        RunStepCompileError,
        RunStepFailsParallelStageCancelled,
        RunStepFailsLongOutput,
        CopySourceMissing,
        DockerfileSyntaxError,
        UnknownTargetStage,
        ScratchCopyOnly,
    ];

    public static byte[] Read(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "BuildKit", name));
}
