using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContainerStages.Naming;
using ContainerStages.Registry;
using ContainerStages.Resources;

namespace ContainerStages.Pipeline;

/// <summary>
/// Assembles one OCI image layout from the engine's saves of several platform images (one save
/// each), and writes it as a tar: each blob once, an image index of the platforms' manifests,
/// index.json naming that index, oci-layout, and a manifest.json so that `docker load` restores the
/// platform-suffixed tags. It reads both kinds of save: the OCI layout of Docker 25 and later
/// (index.json, blobs/sha256/...) and the older one (manifest.json, &lt;config&gt;.json,
/// &lt;id&gt;/layer.tar), whose image gets an OCI manifest written here. Blobs are staged in a
/// folder of their own, hashed as they are read; no engine is involved.
/// </summary>
internal sealed class OciLayoutBuilder : IDisposable
{
    private const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";
    private const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar";
    private const string BlobFolder = "blobs/sha256/";

    // Media types keep their '+' (the default encoder writes \u002B, which is the same JSON but not what other tools write).
    private static readonly JsonSerializerOptions JsonText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _staging;
    private readonly string _archivePath;
    private readonly Dictionary<string, long> _blobs = new(StringComparer.Ordinal);
    private readonly List<OciLayoutImage> _images = [];

    /// <param name="stagingDirectory">A folder for the blobs while the saves are read (made here, deleted on dispose).</param>
    /// <param name="archivePath">The archive the layout is for, as the errors name it.</param>
    public OciLayoutBuilder(string stagingDirectory, string archivePath)
    {
        _staging = stagingDirectory;
        _archivePath = archivePath;
        Directory.CreateDirectory(_staging);
    }

    /// <summary>The platform images added so far, in order.</summary>
    public IReadOnlyList<OciLayoutImage> Images => _images;

    /// <summary>Reads one engine save of one image; <paramref name="repoTags"/> are the tags `docker load` gives it, the first naming it in errors.</summary>
    public async Task<OciLayoutImage> AddSaveAsync(Stream save, IReadOnlyList<string> repoTags, CancellationToken cancellationToken)
    {
        string image = repoTags[0];
        var files = new Dictionary<string, (string Digest, long Size)>(StringComparer.Ordinal);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var reader = new TarReader(save, leaveOpen: true))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                string name = NormalizePath(entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        var blob = await StageAsync(entry.DataStream ?? Stream.Null, cancellationToken).ConfigureAwait(false);
                        string? named = NamedDigest(name);
                        if (named is not null && named != blob.Digest)
                        {
                            throw new ContainerStagesException(nameof(Strings.SaveBlobDigestMismatch), image, name, blob.Digest, named);
                        }

                        files[name] = blob;
                        break;
                    case TarEntryType.SymbolicLink:
                        // The older save links a layer that two of the image's layers share: ../<id>/layer.tar.
                        int slash = name.LastIndexOf('/');
                        links[name] = NormalizePath((slash < 0 ? string.Empty : name[..(slash + 1)]) + entry.LinkName);
                        break;
                    case TarEntryType.HardLink:
                        links[name] = NormalizePath(entry.LinkName);
                        break;
                }
            }
        }

        OciLayoutImage added;
        if (Find("index.json") is { } index)
        {
            added = FromOciSave(image, index.Digest, repoTags);
        }
        else if (Find("manifest.json") is { } manifest)
        {
            added = await FromLegacySaveAsync(image, manifest.Digest, Find, repoTags, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new ContainerStagesException(nameof(Strings.SaveWithoutImageIndex), image, _archivePath);
        }

        _images.Add(added);
        return added;

        (string Digest, long Size)? Find(string path)
        {
            for (int hop = 0; hop < 8 && links.TryGetValue(path, out string? target); hop++)
            {
                path = target;
            }

            return files.TryGetValue(path, out var found) ? found : null;
        }
    }

    /// <summary>
    /// Writes the layout as a tar: blobs/sha256/ with every referenced blob once (the index's
    /// included), index.json naming the index once per reference in <paramref name="indexReferences"/>
    /// (repository:tag, the tag without a platform suffix), manifest.json and oci-layout.
    /// </summary>
    /// <returns>How many blobs the layout holds.</returns>
    public async Task<int> WriteAsync(Stream output, IReadOnlyList<string> indexReferences, CancellationToken cancellationToken)
    {
        var platformManifests = new JsonArray();
        foreach (var image in _images)
        {
            var platform = new JsonObject { ["architecture"] = image.Architecture, ["os"] = image.Os };
            if (image.Variant is not null)
            {
                platform["variant"] = image.Variant;
            }

            platformManifests.Add(new JsonObject
            {
                ["mediaType"] = image.MediaType,
                ["digest"] = image.Digest,
                ["size"] = image.Size,
                ["platform"] = platform,
            });
        }

        var imageIndex = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = ManifestMediaTypes.OciIndex, ["manifests"] = platformManifests };
        var indexBlob = await StageAsync(new MemoryStream(Encoding.UTF8.GetBytes(imageIndex.ToJsonString(JsonText))), cancellationToken).ConfigureAwait(false);

        var named = new JsonArray();
        foreach (string reference in indexReferences)
        {
            named.Add(new JsonObject
            {
                ["mediaType"] = ManifestMediaTypes.OciIndex,
                ["digest"] = indexBlob.Digest,
                ["size"] = indexBlob.Size,
                ["annotations"] = new JsonObject
                {
                    ["io.containerd.image.name"] = reference,
                    ["org.opencontainers.image.ref.name"] = ImageReference.Split(reference).Tag,
                },
            });
        }

        var layoutIndex = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = ManifestMediaTypes.OciIndex, ["manifests"] = named };
        var dockerManifest = new JsonArray();
        foreach (var image in _images)
        {
            dockerManifest.Add(new JsonObject
            {
                ["Config"] = BlobPath(image.ConfigDigest),
                ["RepoTags"] = new JsonArray([.. image.RepoTags.Select(tag => JsonValue.Create(tag))]),
                ["Layers"] = new JsonArray([.. image.LayerDigests.Select(layer => JsonValue.Create(BlobPath(layer)))]),
            });
        }

        var referenced = new SortedSet<string>(StringComparer.Ordinal) { indexBlob.Digest };
        foreach (var image in _images)
        {
            referenced.Add(image.Digest);
            referenced.Add(image.ConfigDigest);
            referenced.UnionWith(image.LayerDigests);
        }

        await using var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true);
        await WriteFolderAsync(writer, "blobs/", cancellationToken).ConfigureAwait(false);
        await WriteFolderAsync(writer, BlobFolder, cancellationToken).ConfigureAwait(false);
        foreach (string digest in referenced)
        {
            await using var blob = File.OpenRead(StagedFile(digest));
            await WriteFileAsync(writer, BlobPath(digest), blob, cancellationToken).ConfigureAwait(false);
        }

        await WriteFileAsync(writer, "index.json", Json(layoutIndex), cancellationToken).ConfigureAwait(false);
        await WriteFileAsync(writer, "manifest.json", Json(dockerManifest), cancellationToken).ConfigureAwait(false);
        await WriteFileAsync(writer, "oci-layout", Json(new JsonObject { ["imageLayoutVersion"] = "1.0.0" }), cancellationToken).ConfigureAwait(false);
        return referenced.Count;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_staging, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private OciLayoutImage FromOciSave(string image, string indexDigest, IReadOnlyList<string> repoTags)
    {
        var (mediaType, digest, size) = OneImage(image, "index.json", indexDigest);

        // The containerd image store saves an image as its index (with attestations): its one platform's manifest is the image.
        for (int depth = 0; depth < 4 && mediaType is ManifestMediaTypes.OciIndex or ManifestMediaTypes.DockerManifestList; depth++)
        {
            RequireBlob(image, digest);
            (mediaType, digest, size) = OneImage(image, BlobPath(digest), digest);
        }

        if (mediaType is not (ManifestMediaTypes.OciManifest or ManifestMediaTypes.DockerManifest))
        {
            throw new ContainerStagesException(nameof(Strings.SaveManifestUnreadable), image, "index.json", $"it leads to {mediaType}, not an image manifest");
        }

        RequireBlob(image, digest);
        var (configDigest, layers) = ReadJson(image, BlobPath(digest), digest, root =>
            (root.GetProperty("config").GetProperty("digest").GetString()!,
             root.GetProperty("layers").EnumerateArray().Select(layer => layer.GetProperty("digest").GetString()!).ToList()));
        RequireBlob(image, configDigest);
        foreach (string layer in layers)
        {
            RequireBlob(image, layer);
        }

        var (os, architecture, variant, _) = ReadConfig(image, BlobPath(configDigest), configDigest);
        return new OciLayoutImage(mediaType, digest, size, os, architecture, variant, configDigest, layers, repoTags);
    }

    private async Task<OciLayoutImage> FromLegacySaveAsync(
        string image, string manifestDigest, Func<string, (string Digest, long Size)?> find, IReadOnlyList<string> repoTags, CancellationToken cancellationToken)
    {
        var (configPath, layerPaths) = ReadJson(image, "manifest.json", manifestDigest, root =>
        {
            var entries = root.EnumerateArray().ToList();
            return entries.Count == 1
                ? (entries[0].GetProperty("Config").GetString()!, entries[0].GetProperty("Layers").EnumerateArray().Select(layer => layer.GetString()!).ToList())
                : throw new FormatException($"it names {entries.Count} images, not one");
        });

        var config = find(NormalizePath(configPath)) ?? throw new ContainerStagesException(nameof(Strings.SaveBlobMissing), image, configPath);
        var layers = layerPaths.Select(path => (Path: path, Blob: find(NormalizePath(path)) ?? throw new ContainerStagesException(nameof(Strings.SaveBlobMissing), image, path))).ToList();
        var (os, architecture, variant, diffIds) = ReadConfig(image, configPath, config.Digest);
        for (int i = 0; i < layers.Count; i++)
        {
            // The older save's layers are uncompressed, so each one's digest is the config's diff id: the check that they were read whole.
            if (i >= diffIds.Count || diffIds[i] != layers[i].Blob.Digest)
            {
                throw new ContainerStagesException(nameof(Strings.SaveBlobDigestMismatch), image, layers[i].Path, layers[i].Blob.Digest, i < diffIds.Count ? diffIds[i] : "no diff id");
            }
        }

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaTypes.OciManifest,
            ["config"] = new JsonObject { ["mediaType"] = ConfigMediaType, ["digest"] = config.Digest, ["size"] = config.Size },
            ["layers"] = new JsonArray([.. layers.Select(layer => (JsonNode)new JsonObject
            {
                ["mediaType"] = LayerMediaType,
                ["digest"] = layer.Blob.Digest,
                ["size"] = layer.Blob.Size,
            })]),
        };
        var written = await StageAsync(Json(manifest), cancellationToken).ConfigureAwait(false);
        return new OciLayoutImage(ManifestMediaTypes.OciManifest, written.Digest, written.Size, os, architecture, variant, config.Digest, [.. layers.Select(layer => layer.Blob.Digest)], repoTags);
    }

    /// <summary>The one image an index names: a manifest or a nested index; an attestation (platform unknown/unknown) or a platform whose manifest the save lacks does not count.</summary>
    private (string MediaType, string Digest, long Size) OneImage(string image, string name, string digest) =>
        ReadJson(image, name, digest, root =>
        {
            var manifests = root.GetProperty("manifests").EnumerateArray()
                .Where(m => !(m.TryGetProperty("platform", out var platform) && platform.TryGetProperty("os", out var os) && os.GetString() == "unknown"))
                .Select(m => (MediaType: m.GetProperty("mediaType").GetString()!, Digest: m.GetProperty("digest").GetString()!, Size: m.GetProperty("size").GetInt64()))
                .DistinctBy(m => m.Digest)
                .ToList();
            if (manifests.Count > 1)
            {
                manifests = [.. manifests.Where(m => _blobs.ContainsKey(m.Digest))];
            }

            return manifests.Count == 1
                ? manifests[0]
                : throw new FormatException($"it names {manifests.Count} images the save holds, not one");
        });

    private (string Os, string Architecture, string? Variant, IReadOnlyList<string> DiffIds) ReadConfig(string image, string name, string digest) =>
        ReadJson(image, name, digest, root =>
        {
            string os = root.TryGetProperty("os", out var o) ? o.GetString() ?? string.Empty : string.Empty;
            string architecture = root.TryGetProperty("architecture", out var a) ? a.GetString() ?? string.Empty : string.Empty;
            if (os.Length == 0 || architecture.Length == 0)
            {
                throw new FormatException("the image config names no os and architecture");
            }

            string? variant = root.TryGetProperty("variant", out var v) && v.GetString() is { Length: > 0 } value ? value : null;
            IReadOnlyList<string> diffIds = root.TryGetProperty("rootfs", out var rootfs) && rootfs.TryGetProperty("diff_ids", out var ids)
                ? [.. ids.EnumerateArray().Select(id => id.GetString()!)]
                : [];
            return (os, architecture, variant, diffIds);
        });

    private T ReadJson<T>(string image, string name, string digest, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(StagedFile(digest)));
            return read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ContainerStagesException(nameof(Strings.SaveManifestUnreadable), image, name, e.Message);
        }
    }

    private void RequireBlob(string image, string digest)
    {
        if (!_blobs.ContainsKey(digest))
        {
            throw new ContainerStagesException(nameof(Strings.SaveBlobMissing), image, BlobPath(digest));
        }
    }

    /// <summary>Copies a blob into the staging folder under its sha256 (once: a blob already there is dropped), hashing it on the way.</summary>
    private async Task<(string Digest, long Size)> StageAsync(Stream source, CancellationToken cancellationToken)
    {
        string incoming = Path.Combine(_staging, "incoming-" + Guid.NewGuid().ToString("N"));
        long size = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var file = new FileStream(incoming, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                size += read;
            }
        }

        string digest = "sha256:" + Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
        if (_blobs.ContainsKey(digest))
        {
            File.Delete(incoming);
        }
        else
        {
            File.Move(incoming, StagedFile(digest));
            _blobs[digest] = size;
        }

        return (digest, size);
    }

    private string StagedFile(string digest) => Path.Combine(_staging, digest.Replace(':', '-'));

    private static string BlobPath(string digest) => BlobFolder + digest["sha256:".Length..];

    /// <summary>The digest a save's file name promises: blobs/sha256/&lt;hex&gt;, or the older save's &lt;image id&gt;.json.</summary>
    private static string? NamedDigest(string name)
    {
        string? hex = name.StartsWith(BlobFolder, StringComparison.Ordinal) ? name[BlobFolder.Length..]
            : name.EndsWith(".json", StringComparison.Ordinal) && name.Length == 64 + 5 ? name[..64]
            : null;
        return hex is not null && hex.Length == 64 && hex.All(char.IsAsciiHexDigitLower) ? "sha256:" + hex : null;
    }

    /// <summary>A tar entry's path without ./, leading or trailing slashes, and with .. resolved.</summary>
    private static string NormalizePath(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Replace('\\', '/').Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part.Length > 0 && part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    private static MemoryStream Json(JsonNode node) => new(Encoding.UTF8.GetBytes(node.ToJsonString(JsonText)));

    private static Task WriteFolderAsync(TarWriter writer, string name, CancellationToken cancellationToken) =>
        writer.WriteEntryAsync(
            new UstarTarEntry(TarEntryType.Directory, name)
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
                ModificationTime = DateTimeOffset.UnixEpoch,
            },
            cancellationToken);

    private static Task WriteFileAsync(TarWriter writer, string name, Stream content, CancellationToken cancellationToken) =>
        writer.WriteEntryAsync(
            new UstarTarEntry(TarEntryType.RegularFile, name)
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                ModificationTime = DateTimeOffset.UnixEpoch,
                DataStream = content,
            },
            cancellationToken);
}
