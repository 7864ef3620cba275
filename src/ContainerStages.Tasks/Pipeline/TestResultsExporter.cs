using ContainerStages.Engine;
using ContainerStages.Resources;
using ContainerStages.TestResults;

namespace ContainerStages.Pipeline;

/// <summary>
/// Brings the test-results stage to the build machine after the image build, whether the tests passed
/// or failed: the stage is all cache hits by then, and BuildKit's tar exporter sends its files through
/// the build's session.
/// </summary>
internal static class TestResultsExporter
{
    /// <summary>Only a build that ran the tests has results (the plan names their stage), and only when the user asked for them.</summary>
    public static bool Wanted(string? testResultsStage, string? directory) =>
        testResultsStage is not null && !string.IsNullOrWhiteSpace(directory);

    public static async Task<(IReadOnlyList<string> Files, int? ExitCode)> ExportAsync(ImageBuilder builder, ImageBuildInput input, string testResultsStage, string directory, CancellationToken cancellationToken)
    {
        string archive = await builder.ExportAsync(input with { Target = testResultsStage, ImageReferences = [] }, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = File.OpenRead(archive);
            return TestResultsArchive.Extract(stream, directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ContainerStagesException(nameof(Strings.TestResultsNotWritten), directory, e.Message);
        }
    }
}
