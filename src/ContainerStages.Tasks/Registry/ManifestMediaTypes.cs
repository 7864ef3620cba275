namespace ContainerStages.Registry;

/// <summary>The manifest media types of the Docker and OCI distribution formats.</summary>
internal static class ManifestMediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>The Accept header for a manifest of any of the four types.</summary>
    public static readonly string[] All = [DockerManifest, DockerManifestList, OciManifest, OciIndex];
}
