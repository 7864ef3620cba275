using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ContainerStages.Reporting;

/// <summary>
/// The machine-readable report: fixed property names and order, sizes in bytes, the duration in
/// seconds, so a CI step can read it with any JSON tool and diff two of them.
/// </summary>
internal static class SizeReportJsonWriter
{
    public const int FormatVersion = 1;

    // Instructions hold '+', '<', '&' and quotes; the relaxed encoder keeps them readable (the file is never embedded in HTML).
    public static string Write(ImageSizeReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = NewWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            WriteFields(json, report);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>A multi-platform publish: one entry per platform, each the fields of a one-platform report and its platform.</summary>
    public static string WritePlatforms(IReadOnlyList<(string Platform, ImageSizeReport Report)> reports)
    {
        using var buffer = new MemoryStream();
        using (var json = NewWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteStartArray("platforms");
            foreach (var (platform, report) in reports)
            {
                json.WriteStartObject();
                json.WriteString("platform", platform);
                WriteFields(json, report);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static Utf8JsonWriter NewWriter(Stream buffer) =>
        new(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static void WriteFields(Utf8JsonWriter json, ImageSizeReport report)
    {
        json.WriteString("imageId", report.ImageId);
        json.WriteStartArray("references");
        foreach (string reference in report.References)
        {
            json.WriteStringValue(reference);
        }

        json.WriteEndArray();
        json.WriteString("target", report.Target);
        json.WriteNumber("size", report.Size);
        json.WriteStartObject("baseImage");
        WriteStringOrNull(json, "reference", report.BaseImage);
        WriteNumberOrNull(json, "size", report.BaseImageSize);
        json.WriteEndObject();
        WriteNumberOrNull(json, "appBytes", report.AppBytes);
        json.WriteStartArray("layers");
        foreach (var layer in report.Layers)
        {
            json.WriteStartObject();
            json.WriteNumber("size", layer.Size);
            json.WriteString("createdBy", layer.Instruction);
            json.WriteBoolean("fromBase", layer.FromBase);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("stageSizes");
        foreach (var (stage, size) in report.StageSizes)
        {
            json.WriteNumber(stage, size);
        }

        json.WriteEndObject();
        if (report.SingleStage is { } singleStage && report.SingleStageSize is { } singleSize)
        {
            json.WriteStartObject("singleStage");
            json.WriteString("stage", singleStage);
            json.WriteNumber("size", singleSize);
            json.WriteNumber("savedBytes", singleSize - report.Size);
            json.WriteNumber("savedPercent", Math.Round(report.SavingPercent ?? 0, 1));
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("singleStage");
        }

        json.WriteNumber("buildDurationSeconds", Math.Round(report.BuildDuration.TotalSeconds, 3));
        json.WriteStartObject("cache");
        json.WriteNumber("cachedSteps", report.CachedSteps);
        json.WriteNumber("totalSteps", report.TotalSteps);
        json.WriteEndObject();
        WriteNumberOrNull(json, "maxImageSize", report.MaxImageSize);
        json.WriteBoolean("withinBudget", report.WithinBudget);
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
