using System.Text.Json;

namespace ContainerStages.Reporting;

/// <summary>
/// The last build's JSON report, read back for its single-stage comparison, so that the single-stage
/// target is not built again (the context sent once more, its image exported and removed) only to repeat
/// an answer the report already has.
/// </summary>
internal static class PreviousSizeReport
{
    /// <summary>
    /// The comparison of a report that describes this very image: every step of this build came from the
    /// cache and the image has the same size and layers, so the single-stage target is the one it measured.
    /// </summary>
    /// <returns>The previous comparison, or null when the report is missing, unreadable or of another image.</returns>
    public static (string Stage, long Size)? TryReuseSingleStage(string reportFile, string target, long size, IReadOnlyList<ReportedLayer> layers) =>
        TryRead(reportFile, target, root => root.GetProperty("size").GetInt64() == size && Layers(root).SequenceEqual(layers));

    /// <summary>
    /// The comparison of the last report of the same target, whatever image it described: for a build whose
    /// SDK and package stage came from the cache, the single-stage image differs from that one only by the
    /// sources and build output an edit changed.
    /// </summary>
    public static (string Stage, long Size)? TryReadSingleStage(string reportFile, string target) =>
        TryRead(reportFile, target, _ => true);

    private static (string Stage, long Size)? TryRead(string reportFile, string target, Func<JsonElement, bool> describesThisImage)
    {
        try
        {
            if (!File.Exists(reportFile))
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllText(reportFile));
            var root = document.RootElement;
            return root.GetProperty("target").GetString() == target
                && root.GetProperty("singleStage") is { ValueKind: JsonValueKind.Object } singleStage
                && describesThisImage(root)
                && singleStage.GetProperty("stage").GetString() is { } stage
                ? (stage, singleStage.GetProperty("size").GetInt64())
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A report of an older format or a half-written one: measure again.
            return null;
        }
    }

    private static IEnumerable<ReportedLayer> Layers(JsonElement root) =>
        root.GetProperty("layers").EnumerateArray()
            .Select(l => new ReportedLayer(l.GetProperty("size").GetInt64(), l.GetProperty("createdBy").GetString() ?? string.Empty, l.GetProperty("fromBase").GetBoolean()));
}
