using System.Text.RegularExpressions;
using ContainerStages.Naming;

namespace ContainerStages.Pipeline;

/// <summary>
/// Recognises BuildKit's answer for a FROM image that neither the engine has nor it can pull, and
/// names the image as the user wrote it, so the error can point at the property that set it.
/// </summary>
internal static partial class BaseImageFailure
{
    // BuildKit 0.8 (Docker 20.10): 'failed to do request: Head "https://mcr.microsoft.com/v2/dotnet/aspnet/manifests/10.0": ...'.
    // A digest reference is asked for as /manifests/sha256:<hex>.
    [GeneratedRegex(@"https?://(?<host>[^/""]+)/v2/(?<repository>.+?)/manifests/(?<reference>[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}|[^""\s:]+)")]
    private static partial Regex ManifestRequest();

    // Newer BuildKit: 'failed to resolve source metadata for docker.io/library/nope:1: ...',
    // 'docker.io/library/nope:1: not found', 'pull access denied for nope, repository does not exist'.
    [GeneratedRegex(@"(?:source metadata for |pull access denied for |^|\s)(?<image>[a-z0-9][\w.\-/:@]*?)(?::\s|,\s|$)")]
    private static partial Regex NamedImage();

    private static readonly string[] PullFailureMarkers =
    [
        "failed to create LLB definition", "load metadata for", "source metadata", "pull access denied", "failed to do request",
    ];

    /// <returns>The candidate the failure is about, or null when the message is not a pull failure of one of them.</returns>
    public static string? FindImage(string message, IEnumerable<string> candidates)
    {
        if (!PullFailureMarkers.Any(marker => message.Contains(marker, StringComparison.Ordinal)))
        {
            return null;
        }

        var mentioned = new List<string>();
        foreach (Match m in ManifestRequest().Matches(message))
        {
            string host = m.Groups["host"].Value;
            string prefix = host is "registry-1.docker.io" or "index.docker.io" ? string.Empty : host + "/";
            string reference = m.Groups["reference"].Value;
            string separator = reference.Contains(':') ? "@" : ":"; // a digest, not a tag
            mentioned.Add(Normalize($"{prefix}{m.Groups["repository"].Value}{separator}{reference}"));
        }

        foreach (Match m in NamedImage().Matches(message))
        {
            mentioned.Add(Normalize(m.Groups["image"].Value));
        }

        return candidates.FirstOrDefault(candidate => mentioned.Contains(Normalize(candidate), StringComparer.Ordinal));
    }

    /// <summary>
    /// BuildKit's answer when a FROM reference is an index without the build's platform
    /// ('no match for platform in manifest sha256:...'); it does not name the image.
    /// </summary>
    public static bool IsPlatformMissingFromIndex(string message) =>
        message.Contains("no match for platform in manifest", StringComparison.Ordinal);

    /// <summary>
    /// Whether an image the engine has locally is of another platform than the build's: the engine keeps
    /// one platform per tag, and BuildKit then tries a pull, whose failure would hide the real cause.
    /// </summary>
    public static bool IsOtherPlatform(string? localPlatform, string buildPlatform) =>
        localPlatform is not null && !ImagePlatform.SameOsAndArchitecture(localPlatform, buildPlatform);

    /// <summary>One spelling per image: Docker Hub's implied host and library/ dropped, the implied :latest added.</summary>
    internal static string Normalize(string image)
    {
        string name = image.Trim();
        foreach (string hub in new[] { "docker.io/", "index.docker.io/", "registry-1.docker.io/" })
        {
            if (name.StartsWith(hub, StringComparison.Ordinal))
            {
                name = name[hub.Length..];
            }
        }

        if (name.StartsWith("library/", StringComparison.Ordinal))
        {
            name = name["library/".Length..];
        }

        int lastSlash = name.LastIndexOf('/');
        bool hasTagOrDigest = name.IndexOf(':', lastSlash + 1) >= 0 || name.Contains('@');
        return hasTagOrDigest ? name : name + ":latest";
    }
}
