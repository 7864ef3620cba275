using ContainerStages.Dockerfile;
using ContainerStages.Engine;
using ContainerStages.Stacks.DotNet;
using ContainerStages.TestResults;

namespace ContainerStages.Pipeline;

/// <summary>
/// Brings the test-results stage to the build machine after the image build, whether the tests passed
/// or failed: the stage is all cache hits by then, and BuildKit's tar exporter sends its files through
/// the build's session.
/// </summary>
internal static class TestResultsExporter
{
    /// <summary>Only a build that ran the tests has results: the runtime image waits for them, the test stage is them.</summary>
    public static bool Wanted(string dockerfilePath, string target, string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory) || target is not (DotNetStages.Runtime or DotNetStages.Test) || !File.Exists(dockerfilePath))
        {
            return false;
        }

        return DockerfileStageReader.ReadStageNames(File.ReadAllText(dockerfilePath)).Contains(DotNetStages.TestResults, StringComparer.Ordinal);
    }

    public static async Task<(IReadOnlyList<string> Files, int? ExitCode)> ExportAsync(ImageBuilder builder, ImageBuildInput input, string directory, CancellationToken cancellationToken)
    {
        string archive = await builder.ExportAsync(input with { Target = DotNetStages.TestResults, ImageReferences = [] }, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = File.OpenRead(archive);
            return TestResultsArchive.Extract(stream, directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ContainerStagesException("TestResultsNotWritten", directory, e.Message);
        }
    }
}
