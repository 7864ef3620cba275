using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace ContainerStages.Engine;

/// <summary>
/// Reads the engine's push progress synchronously (Progress&lt;T&gt; would post to the thread pool and
/// could lose the last lines): the digest of the pushed manifest, or the first error.
/// </summary>
internal sealed partial class PushMessageCollector : IProgress<JSONMessage>
{
    // The engine's last line: "<tag>: digest: sha256:<hex> size: <n>".
    [GeneratedRegex(@"digest: (?<digest>sha256:[0-9a-f]{64})")]
    private static partial Regex DigestPattern();

    public string? Digest { get; private set; }

    public string? ErrorMessage { get; private set; }

    public void Report(JSONMessage value) => Report(value.Status, value.Error?.Message);

    internal void Report(string? status, string? error)
    {
        if (!string.IsNullOrWhiteSpace(error))
        {
            ErrorMessage ??= error.Trim();
            return;
        }

        if (status is not null && DigestPattern().Match(status) is { Success: true } match)
        {
            Digest = match.Groups["digest"].Value;
        }
    }

    public ImagePushResponse ToResponse() => new(ErrorMessage is null ? Digest : null, ErrorMessage);
}
