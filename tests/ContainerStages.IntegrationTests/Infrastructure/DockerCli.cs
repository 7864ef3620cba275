using System.Text.Json;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>The engine's own answers, through the docker CLI: what exists, how big, what runs.</summary>
public static class DockerCli
{
    public static ProcessResult Run(params string[] arguments) =>
        ProcessRunner.Run("docker", arguments, timeout: TimeSpan.FromMinutes(10));

    public static bool ImageExists(string reference) => Run("image", "inspect", reference).Succeeded;

    public static JsonElement InspectImage(string reference)
    {
        var result = Run("image", "inspect", reference);
        Assert.IsTrue(result.Succeeded, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement[0].Clone();
    }

    public static void RemoveImages(IEnumerable<string> references)
    {
        var list = references.ToList();
        if (list.Count > 0)
        {
            Run(["rmi", "-f", .. list]);
        }
    }

    public static void RemoveContainer(string id) => Run("rm", "-f", id);

    /// <summary>Every image reference whose repository starts with the prefix (leftovers of a test).</summary>
    public static IReadOnlyList<string> ImagesWithPrefix(string prefix)
    {
        var result = Run("images", "--format", "{{.Repository}}:{{.Tag}}");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(r => r.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>The ids of images whose repository starts with the prefix, tagged or known only by digest.</summary>
    public static IReadOnlyList<string> ImageIdsWithPrefix(string prefix)
    {
        var result = Run("images", "--digests", "--format", "{{.ID}} {{.Repository}}");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2 && parts[1].StartsWith(prefix, StringComparison.Ordinal))
            .Select(parts => parts[0])
            .Distinct()
            .ToList();
    }
}
