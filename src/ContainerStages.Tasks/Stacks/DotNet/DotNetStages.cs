using ContainerStages.Dockerfile;

namespace ContainerStages.Stacks.DotNet;

/// <summary>The stage names of the generated Dockerfile, in build order; users pass them as ContainerStagesTarget.</summary>
internal static class DotNetStages
{
    public const string Restore = "restore";

    /// <summary>The context without the files that only describe the build, nor the host's publish output.</summary>
    public const string Sources = "sources";
    public const string Build = "build";
    public const string Test = "test";

    /// <summary>Runs the tests and records their outcome and results without failing (see <see cref="TestResults"/>).</summary>
    public const string TestRun = "test-run";

    /// <summary>Only the test results (TRX) and outcome, exported to the build machine (ContainerStagesTestResultsDirectory).</summary>
    public const string TestResults = "test-results";
    public const string Publish = "publish";
    public const string Runtime = "runtime";

    /// <summary>The files the host's dotnet publish made, sent with the context.</summary>
    public const string HostPublish = PrebuiltApp.StageName;

    /// <summary>Whichever of <see cref="Publish"/> and <see cref="HostPublish"/> the build argument chose.</summary>
    public const string App = "app";

    /// <summary>Without tests nothing needs the compiled app before it is published: one stage does both.</summary>
    public static IReadOnlyList<string> All { get; } = [Restore, Sources, Publish, HostPublish, App, Runtime];

    public static IReadOnlyList<string> WithTests { get; } = [Restore, Sources, Build, TestRun, Test, TestResults, Publish, HostPublish, App, Runtime];

    public static IReadOnlyList<string> For(DotNetDockerfileSpec spec)
    {
        var stages = spec.TestProjects.Count > 0 ? WithTests : All;
        return [.. stages.SkipLast(1), .. spec.ContributedStages.Select(c => c.Name), Runtime];
    }
}
