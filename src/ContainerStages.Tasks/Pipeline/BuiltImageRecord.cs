using System.Text.Json;

namespace ContainerStages.Pipeline;

/// <summary>
/// What the last successful build of a project made, from what (obj/ContainerStages.image.json): the
/// fingerprint of its inputs, the images it read as the engine had them, the image it tagged, and the
/// hashes of the files it sent, so the next check hashes only the files whose size or time changed.
/// </summary>
internal sealed record BuiltImageRecord(
    string Fingerprint,
    IReadOnlyDictionary<string, string> ReadImages,
    string ImageId,
    long Size,
    IReadOnlyList<string> References,
    IReadOnlyDictionary<string, FileContentHash> Files)
{
    /// <returns>The record, or null when there is none or it cannot be read (which only costs a build).</returns>
    public static BuiltImageRecord? TryRead(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            return new BuiltImageRecord(
                root.GetProperty("fingerprint").GetString()!,
                root.GetProperty("readImages").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                root.GetProperty("imageId").GetString()!,
                root.GetProperty("size").GetInt64(),
                root.GetProperty("references").EnumerateArray().Select(r => r.GetString()!).ToList(),
                root.GetProperty("files").EnumerateObject().ToDictionary(
                    p => p.Name,
                    p => new FileContentHash(p.Value[0].GetInt64(), p.Value[1].GetInt64(), p.Value[2].GetString()!),
                    StringComparer.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// Written whole to a temporary file and moved over the old one: a publish cut off leaves the old
    /// record or none. A record that cannot be written (a read-only obj/) only costs the next publish a build.
    /// </summary>
    public void TryWrite(string path)
    {
        try
        {
            Write(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Forget(path);
        }
    }

    /// <summary>Removes the record, so that a stale one cannot stand for inputs it was not made from.</summary>
    private static void Forget(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Its fingerprint no longer matches the inputs that failed to be recorded, so it keeps nothing.
        }
    }

    private void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("fingerprint", Fingerprint);
            json.WriteStartObject("readImages");
            foreach (var (image, id) in ReadImages.OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                json.WriteString(image, id);
            }

            json.WriteEndObject();
            json.WriteString("imageId", ImageId);
            json.WriteNumber("size", Size);
            json.WriteStartArray("references");
            foreach (string reference in References)
            {
                json.WriteStringValue(reference);
            }

            json.WriteEndArray();
            json.WriteStartObject("files");
            foreach (var (file, hash) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                json.WriteStartArray(file);
                json.WriteNumberValue(hash.Length);
                json.WriteNumberValue(hash.TimeTicks);
                json.WriteStringValue(hash.Sha256);
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        File.Move(temporary, path, overwrite: true);
    }
}
