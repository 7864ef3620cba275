using System.Text.Json;

namespace ContainerStages.Reporting;

/// <summary>
/// The last build's JSON report, read back for its single-stage comparison: when every step of this
/// build came from the cache and the image has the same layers, the single-stage target is the one that
/// report measured, so building it again (the context sent once more) would only repeat its answer.
/// </summary>
internal static class PreviousSizeReport
{
    /// <returns>The previous comparison, or null when the report is missing, unreadable or of another image.</returns>
    public static (string Stage, long Size)? TryReuseSingleStage(string reportFile, string target, long size, IReadOnlyList<ReportedLayer> layers)
    {
        try
        {
            if (!File.Exists(reportFile))
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllText(reportFile));
            var root = document.RootElement;
            if (root.GetProperty("target").GetString() != target
                || root.GetProperty("size").GetInt64() != size
                || root.GetProperty("singleStage") is not { ValueKind: JsonValueKind.Object } singleStage)
            {
                return null;
            }

            var previousLayers = root.GetProperty("layers").EnumerateArray()
                .Select(l => new ReportedLayer(l.GetProperty("size").GetInt64(), l.GetProperty("createdBy").GetString() ?? string.Empty, l.GetProperty("fromBase").GetBoolean()))
                .ToList();
            return previousLayers.SequenceEqual(layers) && singleStage.GetProperty("stage").GetString() is { } stage
                ? (stage, singleStage.GetProperty("size").GetInt64())
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A report of an older format or a half-written one: measure again.
            return null;
        }
    }
}
