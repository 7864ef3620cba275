using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ContainerStages.Registry;

/// <summary>
/// The image index that names one manifest per platform. Docker's manifest list when every manifest is
/// a Docker one (what the engine pushes), so registries and clients that predate OCI indexes read it;
/// an OCI index otherwise.
/// </summary>
internal sealed class ImageIndexDocument
{
    private ImageIndexDocument(string mediaType, byte[] content)
    {
        MediaType = mediaType;
        Content = content;
        Digest = "sha256:" + Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
    }

    public string MediaType { get; }

    /// <summary>The bytes the registry stores; the digest is theirs, so they are written once and never re-serialized.</summary>
    public byte[] Content { get; }

    public string Digest { get; }

    public static ImageIndexDocument Create(IReadOnlyList<ManifestDescriptor> manifests)
    {
        if (manifests.Count == 0)
        {
            throw new ArgumentException("An image index needs at least one manifest.", nameof(manifests));
        }

        string mediaType = manifests.All(m => m.MediaType == ManifestMediaTypes.DockerManifest)
            ? ManifestMediaTypes.DockerManifestList
            : ManifestMediaTypes.OciIndex;

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", mediaType);
            json.WriteStartArray("manifests");
            foreach (var manifest in manifests)
            {
                json.WriteStartObject();
                json.WriteString("mediaType", manifest.MediaType);
                json.WriteString("digest", manifest.Digest);
                json.WriteNumber("size", manifest.Size);
                json.WriteStartObject("platform");
                string[] parts = manifest.Platform.Split('/');
                json.WriteString("architecture", parts.Length > 1 ? parts[1] : string.Empty);
                json.WriteString("os", parts[0]);
                if (parts.Length > 2)
                {
                    json.WriteString("variant", parts[2]);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return new ImageIndexDocument(mediaType, buffer.ToArray());
    }

    public override string ToString() => Encoding.UTF8.GetString(Content);
}
