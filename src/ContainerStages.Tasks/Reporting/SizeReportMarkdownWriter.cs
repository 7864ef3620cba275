using System.Globalization;
using System.Text;

namespace ContainerStages.Reporting;

/// <summary>
/// The report as a Markdown section for a CI job summary. It is appended to the file (GitHub
/// Actions' GITHUB_STEP_SUMMARY collects every step's sections), so it starts with a heading of its own.
/// </summary>
internal static class SizeReportMarkdownWriter
{
    public const int LargestLayerCount = 5;

    public static string Write(ImageSizeReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"### ContainerStages: `{report.References.FirstOrDefault() ?? report.ImageId}`\n\n");
        text.Append("| | size |\n|---|---:|\n");
        text.Append(CultureInfo.InvariantCulture, $"| image (stage `{report.Target}`) | {Size(report.Size)} |\n");
        if (report.BaseImage is { } baseImage)
        {
            string baseSize = report.BaseImageSize is { } size ? Size(size) : "not on the engine";
            text.Append(CultureInfo.InvariantCulture, $"| base `{Cell(baseImage)}` | {baseSize} |\n");
        }

        if (report.AppBytes is { } app)
        {
            text.Append(CultureInfo.InvariantCulture, $"| added by the app | {Size(app)} |\n");
        }

        if (report.SingleStageSize is { } single)
        {
            text.Append(CultureInfo.InvariantCulture, $"| as one stage on the SDK image (`{report.SingleStage}`) | {Size(single)}, {Percent(report.SavingPercent ?? 0)} saved |\n");
        }

        if (report.MaxImageSize is { } max)
        {
            string verdict = report.WithinBudget ? "within" : "**over**";
            text.Append(CultureInfo.InvariantCulture, $"| budget (`ContainerStagesMaxImageSize`) | {Size(max)}: {verdict} |\n");
        }

        var largest = LayerRanking.Largest(report.Layers, LargestLayerCount);
        if (largest.Count > 0)
        {
            text.Append("\nLargest layers:\n\n| size | instruction |\n|---:|---|\n");
            foreach (var layer in largest)
            {
                string instruction = layer.Instruction.Length == 0 ? "(imported)" : $"`{Cell(layer.Instruction)}`";
                string origin = layer.FromBase ? " (base image)" : string.Empty;
                text.Append(CultureInfo.InvariantCulture, $"| {ByteSize.Megabytes(layer.Size)} | {instruction}{origin} |\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"\nBuilt in {report.BuildDuration.TotalSeconds:0.0} s; {report.CachedSteps} of {report.TotalSteps} steps cached.\n\n");
        return text.ToString();
    }

    private static string Size(long bytes) => $"{ByteSize.Megabytes(bytes)} ({ByteSize.Bytes(bytes)} bytes)";

    private static string Percent(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + "%";

    // A table cell ends at '|' and a code span at '`'; neither may end them early.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('`', '\'').ReplaceLineEndings(" ");
}
