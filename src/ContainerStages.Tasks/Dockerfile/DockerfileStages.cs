namespace ContainerStages.Dockerfile;

/// <summary>The stage names of the generated Dockerfile, in build order; users pass them as ContainerStagesTarget.</summary>
internal static class DockerfileStages
{
    public const string Restore = "restore";
    public const string Build = "build";
    public const string Test = "test";

    /// <summary>Runs the tests and records their outcome and results without failing (see <see cref="TestResults"/>).</summary>
    public const string TestRun = "test-run";

    /// <summary>Only the test results (TRX) and outcome, exported to the build machine (ContainerStagesTestResultsDirectory).</summary>
    public const string TestResults = "test-results";
    public const string Publish = "publish";
    public const string Runtime = "runtime";
    public const string Spa = "spa";

    public static IReadOnlyList<string> All { get; } = [Restore, Build, Publish, Runtime];

    public static IReadOnlyList<string> WithTests { get; } = [Restore, Build, TestRun, Test, TestResults, Publish, Runtime];

    public static IReadOnlyList<string> For(DockerfileSpec spec)
    {
        var stages = spec.TestProjects.Count > 0 ? WithTests : All;
        return spec.Spa is null ? stages : [.. stages.SkipLast(1), Spa, Runtime];
    }
}
