namespace ContainerStages.Dockerfile;

/// <summary>
/// Which package manager a base image has, read from its name: the image itself is not inspected
/// before the build (it may not even be on the engine yet).
/// </summary>
internal static class OsPackageManagerSelector
{
    private static readonly string[] NoPackageManagerMarkers = ["chiseled", "distroless"];
    private static readonly string[] AptMarkers = ["debian", "ubuntu", "bookworm", "bullseye", "trixie", "buster", "noble", "jammy", "focal", "resolute"];
    private static readonly string[] TdnfMarkers = ["azurelinux", "cbl-mariner", "mariner"];

    /// <summary>A chiseled or distroless image ships without a shell and a package manager.</summary>
    public static bool HasNoPackageManager(string baseImage) =>
        NoPackageManagerMarkers.Any(m => baseImage.Contains(m, StringComparison.OrdinalIgnoreCase));

    public static OsPackageManager For(string baseImage)
    {
        string name = baseImage.ToLowerInvariant();
        if (name.Contains("alpine", StringComparison.Ordinal))
        {
            return OsPackageManager.Apk;
        }

        if (TdnfMarkers.Any(m => name.Contains(m, StringComparison.Ordinal)))
        {
            return OsPackageManager.Tdnf;
        }

        // The .NET images' tags without a distribution name (10.0, 8.0-preview) are Debian or Ubuntu.
        if (AptMarkers.Any(m => name.Contains(m, StringComparison.Ordinal)) || name.StartsWith("mcr.microsoft.com/dotnet/", StringComparison.Ordinal))
        {
            return OsPackageManager.Apt;
        }

        return OsPackageManager.Detect;
    }

    /// <summary>
    /// The same image with a package manager: the tag without its '-chiseled' or '-distroless'
    /// suffix (10.0-noble-chiseled-extra gives 10.0-noble); null when the tag does not say.
    /// </summary>
    public static string? WithPackageManager(string baseImage)
    {
        string reference = baseImage;
        int digest = reference.IndexOf('@', StringComparison.Ordinal);
        if (digest >= 0)
        {
            reference = reference[..digest];
        }

        int colon = reference.LastIndexOf(':');
        if (colon < 0 || colon < reference.LastIndexOf('/'))
        {
            return null;
        }

        string tag = reference[(colon + 1)..];
        foreach (string marker in NoPackageManagerMarkers)
        {
            int at = tag.IndexOf("-" + marker, StringComparison.OrdinalIgnoreCase);
            if (at > 0)
            {
                return reference[..(colon + 1)] + tag[..at];
            }
        }

        return null;
    }
}
