namespace ContainerStages.SourceControl;

/// <summary>
/// Turns a git remote into the URL an image's <c>org.opencontainers.image.source</c> label should
/// hold: a browsable https URL without credentials or the <c>.git</c> suffix (as the SDK trims it),
/// so an ssh clone and an https clone of the same repository label their images alike, and a token
/// in a CI remote URL never lands in an image.
/// </summary>
internal static class RepositoryUrl
{
    public static string? Normalize(string? remote)
    {
        if (string.IsNullOrWhiteSpace(remote))
        {
            return null;
        }

        string url = remote.Trim();

        // scp-like syntax: [user@]host:path (no scheme, and a colon before any slash).
        int colon = url.IndexOf(':');
        int slash = url.IndexOf('/');
        if (!url.Contains("://", StringComparison.Ordinal) && colon > 0 && (slash < 0 || colon < slash))
        {
            string host = url[..colon];
            host = host[(host.LastIndexOf('@') + 1)..];
            url = $"https://{host}/{url[(colon + 1)..].TrimStart('/')}";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc)
        {
            // A local path says nothing to whoever reads the image.
            return null;
        }

        string scheme = uri.Scheme is "ssh" or "git" or "git+ssh" or "ssh+git" ? "https" : uri.Scheme;
        string port = uri.IsDefaultPort || scheme != uri.Scheme ? string.Empty : ":" + uri.Port;
        string path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^4];
        }

        return $"{scheme}://{uri.Host}{port}{path}";
    }
}
