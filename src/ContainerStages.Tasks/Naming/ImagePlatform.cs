namespace ContainerStages.Naming;

/// <summary>OCI platforms as the engine and users write them: <c>linux/amd64</c>, <c>linux/arm64/v8</c>.</summary>
internal static class ImagePlatform
{
    /// <summary>The OCI platform of a Linux RID (linux-x64, linux-musl-arm64...), or null for a RID of another system or an architecture images do not name.</summary>
    public static string? FromRuntimeIdentifier(string rid)
    {
        rid = rid.Trim().ToLowerInvariant();
        if (!rid.StartsWith("linux-", StringComparison.Ordinal))
        {
            return null;
        }

        string architecture = rid[(rid.LastIndexOf('-') + 1)..];
        return architecture switch
        {
            "x64" => "linux/amd64",
            "arm64" => "linux/arm64",
            "arm" => "linux/arm/v7",
            "x86" => "linux/386",
            "s390x" or "ppc64le" or "riscv64" or "loongarch64" => "linux/" + architecture,
            _ => null,
        };
    }

    /// <summary>Whether a Linux RID builds for musl (Alpine): linux-musl-x64, linux-musl-arm64.</summary>
    public static bool IsMuslRuntimeIdentifier(string rid) => rid.Trim().StartsWith("linux-musl-", StringComparison.OrdinalIgnoreCase);

    /// <summary>The platform as a tag suffix: linux/amd64 gives amd64, linux/arm/v7 gives arm-v7.</summary>
    public static string TagSuffix(string platform) => string.Join('-', platform.Trim().ToLowerInvariant().Split('/').Skip(1));

    /// <summary>The reference a platform's image was tagged from: myapp:1.0-arm64 for linux/arm64 gives myapp:1.0; a tag without the suffix stays as it is.</summary>
    public static string WithoutTagSuffix(string reference, string platform)
    {
        string suffix = "-" + TagSuffix(platform);
        var (repository, tag) = ImageReference.Split(reference);
        return tag.Length > suffix.Length && tag.EndsWith(suffix, StringComparison.Ordinal) ? $"{repository}:{tag[..^suffix.Length]}" : reference;
    }

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
