using System.Formats.Tar;

namespace ContainerStages.Tests.Pipeline;

/// <summary>A written layout read back: its entry names in order, its files' contents, and the blob count the writer gave.</summary>
internal sealed record OciLayoutTar(List<string> Names, Dictionary<string, byte[]> Files, int BlobCount)
{
    public static OciLayoutTar Read(Stream tar, int blobCount)
    {
        var names = new List<string>();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new TarReader(tar, leaveOpen: true);
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
            if (entry.EntryType == TarEntryType.RegularFile)
            {
                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                files[entry.Name] = content.ToArray();
            }
        }

        return new OciLayoutTar(names, files, blobCount);
    }

    public byte[] Blob(string digest)
    {
        Assert.IsTrue(Files.TryGetValue("blobs/sha256/" + digest["sha256:".Length..], out byte[]? blob), $"{digest} is not in the layout");
        return blob;
    }
}
