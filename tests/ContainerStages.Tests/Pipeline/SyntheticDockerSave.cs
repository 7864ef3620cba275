using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ContainerStages.Tests.Pipeline;

/// <summary>Tars shaped like the engine's image export: the older docker save and the OCI layout of Docker 25+.</summary>
internal static class SyntheticDockerSave
{
    public static byte[] LegacySave(byte[] config, IReadOnlyList<byte[]> layers)
    {
        var entries = new List<(string, byte[]?, string?)>();
        var layerPaths = new List<string>();
        foreach (byte[] layer in layers)
        {
            string path = Hex(layer)[..16] + "/layer.tar";
            if (!layerPaths.Contains(path))
            {
                entries.Add((path, layer, null));
            }

            layerPaths.Add(path);
        }

        entries.Add((Hex(config) + ".json", config, null));
        string manifest = JsonSerializer.Serialize(new[] { new { Config = Hex(config) + ".json", RepoTags = new[] { "saved:1" }, Layers = layerPaths } });
        entries.Add(("manifest.json", Encoding.UTF8.GetBytes(manifest), null));
        return Tar(entries);
    }

    /// <param name="asImageIndex">As the containerd image store saves it: index.json names an image index of the manifest and an attestation (platform unknown/unknown).</param>
    public static (byte[] Save, string ManifestDigest, long ManifestSize) OciSave(byte[] config, IReadOnlyList<byte[]> layers, bool asImageIndex = false)
    {
        var entries = new List<(string, byte[]?, string?)> { ("blobs/sha256/" + Hex(config), config, null) };
        entries.AddRange(layers.Distinct().Select(layer => ("blobs/sha256/" + Hex(layer), (byte[]?)layer, (string?)null)));
        byte[] manifest = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.manifest.v1+json",
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = "sha256:" + Hex(config), size = config.Length },
            layers = layers.Select(layer => new { mediaType = "application/vnd.oci.image.layer.v1.tar", digest = "sha256:" + Hex(layer), size = layer.Length }),
        }));
        entries.Add(("blobs/sha256/" + Hex(manifest), manifest, null));
        string top = $"{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:{Hex(manifest)}\",\"size\":{manifest.Length}}}";
        if (asImageIndex)
        {
            byte[] attestation = Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:{Hex(config)}\",\"size\":{config.Length}}},\"layers\":[]}}");
            entries.Add(("blobs/sha256/" + Hex(attestation), attestation, null));
            string platform = $"{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:{Hex(manifest)}\",\"size\":{manifest.Length},\"platform\":{{\"architecture\":\"arm64\",\"os\":\"linux\"}}}}";
            string unknown = $"{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:{Hex(attestation)}\",\"size\":{attestation.Length},\"platform\":{{\"architecture\":\"unknown\",\"os\":\"unknown\"}}}}";
            byte[] imageIndex = Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{platform},{unknown}]}}");
            entries.Add(("blobs/sha256/" + Hex(imageIndex), imageIndex, null));
            top = $"{{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"sha256:{Hex(imageIndex)}\",\"size\":{imageIndex.Length}}}";
        }

        string index = $"{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{top}]}}";
        entries.Add(("index.json", Encoding.UTF8.GetBytes(index), null));
        entries.Add(("manifest.json", Encoding.UTF8.GetBytes($"[{{\"Config\":\"blobs/sha256/{Hex(config)}\",\"RepoTags\":[],\"Layers\":[]}}]"), null));
        entries.Add(("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray(), null));
        return (Tar(entries), "sha256:" + Hex(manifest), manifest.Length);
    }

    public static byte[] Config(string architecture, string? variant, params byte[][] layers)
    {
        var config = new Dictionary<string, object>
        {
            ["architecture"] = architecture,
            ["os"] = "linux",
            ["rootfs"] = new { type = "layers", diff_ids = layers.Select(layer => "sha256:" + Hex(layer)) },
        };
        if (variant is not null)
        {
            config["variant"] = variant;
        }

        return JsonSerializer.SerializeToUtf8Bytes(config);
    }

    public static byte[] LayerTar(string name, string content) => Tar([(name, Encoding.UTF8.GetBytes(content), null)]);

    /// <summary>A tar of files (content) and symbolic links (link target, no content).</summary>
    public static byte[] Tar(IEnumerable<(string Name, byte[]? Content, string? Link)> entries)
    {
        using var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, content, link) in entries)
            {
                writer.WriteEntry(link is not null
                    ? new UstarTarEntry(TarEntryType.SymbolicLink, name) { LinkName = link, ModificationTime = DateTimeOffset.UnixEpoch }
                    : new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content!), ModificationTime = DateTimeOffset.UnixEpoch });
            }
        }

        return stream.ToArray();
    }

    public static string Hex(byte[] content) => Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
}
