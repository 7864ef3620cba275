namespace ContainerStages.Naming;

/// <summary>OCI platforms as the engine and users write them: <c>linux/amd64</c>, <c>linux/arm64/v8</c>.</summary>
internal static class ImagePlatform
{
    /// <summary>Whether two platforms have the same OS and architecture, whatever the variant and the spelling (x86_64, aarch64).</summary>
    public static bool SameOsAndArchitecture(string first, string second) => Split(first) == Split(second);

    private static (string Os, string Architecture) Split(string platform)
    {
        string[] parts = platform.Trim().ToLowerInvariant().Split('/');
        string architecture = parts.Length > 1 ? parts[1] : string.Empty;
        architecture = architecture switch
        {
            "x86_64" or "x86-64" => "amd64",
            "aarch64" => "arm64",
            _ => architecture,
        };
        return (parts[0], architecture);
    }
}
