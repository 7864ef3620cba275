using ContainerStages.Engine;

namespace ContainerStages.Reporting;

/// <summary>Turns an image's history into the report's layers and picks the largest.</summary>
internal static class LayerRanking
{
    // BuildKit records RUN as "RUN |2 TARGETARCH=amd64 BUILD_CONFIGURATION=Release /bin/sh -c dotnet ... # buildkit".
    private const string BuildKitSuffix = " # buildkit";
    private const string ShellPrefix = "/bin/sh -c ";
    private const string ClassicMetadataPrefix = "/bin/sh -c #(nop) ";

    /// <summary>
    /// The history entries that hold bytes, oldest first; the first <paramref name="baseHistoryCount"/>
    /// history entries are the base image's own.
    /// </summary>
    public static IReadOnlyList<ReportedLayer> Layers(IReadOnlyList<ImageHistoryEntry> history, int baseHistoryCount)
    {
        var layers = new List<ReportedLayer>();
        for (int i = 0; i < history.Count; i++)
        {
            if (history[i].Size > 0)
            {
                layers.Add(new ReportedLayer(history[i].Size, Tidy(history[i].CreatedBy), FromBase: i < baseHistoryCount));
            }
        }

        return layers;
    }

    /// <summary>The <paramref name="count"/> largest layers, largest first; equal sizes keep the image's order.</summary>
    public static IReadOnlyList<ReportedLayer> Largest(IReadOnlyList<ReportedLayer> layers, int count) =>
        layers.Where(l => l.Size > 0).OrderByDescending(l => l.Size).Take(count).ToList();

    /// <summary>The instruction as it was written: without BuildKit's marker, its ARG prefix and the shell wrapper.</summary>
    public static string Tidy(string createdBy)
    {
        string text = createdBy.Trim();
        if (text.EndsWith(BuildKitSuffix, StringComparison.Ordinal))
        {
            text = text[..^BuildKitSuffix.Length].TrimEnd();
        }

        if (text.StartsWith(ClassicMetadataPrefix, StringComparison.Ordinal))
        {
            return text[ClassicMetadataPrefix.Length..].Trim();
        }

        if (text.StartsWith("RUN |", StringComparison.Ordinal))
        {
            // "RUN |n a=1 b=2 cmd": n build arguments precede the command.
            string[] words = text.Split(' ');
            if (words.Length > 1 && int.TryParse(words[1].AsSpan(1), out int argumentCount) && words.Length > 2 + argumentCount)
            {
                text = "RUN " + string.Join(' ', words.Skip(2 + argumentCount));
            }
        }

        if (text.StartsWith("RUN " + ShellPrefix, StringComparison.Ordinal))
        {
            text = "RUN " + text[("RUN " + ShellPrefix).Length..];
        }
        else if (text.StartsWith(ShellPrefix, StringComparison.Ordinal))
        {
            text = "RUN " + text[ShellPrefix.Length..];
        }

        return text;
    }
}
