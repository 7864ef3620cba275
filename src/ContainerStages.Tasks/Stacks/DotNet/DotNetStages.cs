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

    /// <summary>The runtime base image with all the image holds besides the app.</summary>
    public const string RuntimeBase = "runtime-base";

    /// <summary>The prefix of the two stages that put the app on <see cref="RuntimeBase"/>; the build argument names the rest.</summary>
    public const string RuntimeWithPrefix = "runtime-with-";

    /// <summary>The app from <see cref="Publish"/>, on <see cref="RuntimeBase"/>.</summary>
    public const string RuntimeWithPublish = RuntimeWithPrefix + Publish;

    /// <summary>The files the host's dotnet publish made, sent with the context, on <see cref="RuntimeBase"/>.</summary>
    public const string RuntimeWithHostPublish = RuntimeWithPrefix + PrebuiltApp.StageName;
    public const string Runtime = "runtime";

    /// <summary>Without tests nothing needs the compiled app before it is published: one stage does both.</summary>
    public static IReadOnlyList<string> All { get; } = [Restore, Sources, Publish, RuntimeBase, RuntimeWithPublish, RuntimeWithHostPublish, Runtime];

    public static IReadOnlyList<string> WithTests { get; } = [Restore, Sources, Build, TestRun, Test, TestResults, Publish, RuntimeBase, RuntimeWithPublish, RuntimeWithHostPublish, Runtime];

    public static IReadOnlyList<string> For(DotNetDockerfileSpec spec)
    {
        var stages = spec.TestProjects.Count > 0 ? WithTests : All;
        return [.. stages.SkipLast(4), .. spec.ContributedStages.Select(c => c.Name), .. stages.TakeLast(4)];
    }
}
