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

    /// <summary>
    /// Every reference under the prefix, tags (repository:tag) and digests (repository@sha256:...), so
    /// removing them untags only: an image that another name still holds (a stand-in) stays.
    /// </summary>
    public static IReadOnlyList<string> ReferencesWithPrefix(string prefix)
    {
        var result = Run("images", "--digests", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}");
        var references = new List<string>();
        foreach (var parts in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Split(' ')))
        {
            if (parts.Length != 3 || !parts[0].StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (parts[1] != "<none>")
            {
                references.Add($"{parts[0]}:{parts[1]}");
            }

            if (parts[2] != "<none>")
            {
                references.Add($"{parts[0]}@{parts[2]}");
            }
        }

        return references.Distinct().ToList();
    }
}
