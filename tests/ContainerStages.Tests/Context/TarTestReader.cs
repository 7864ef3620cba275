using System.Formats.Tar;
using System.Text;

namespace ContainerStages.Tests.Context;

/// <summary>Reads a produced tar back, through .NET's TarReader and at the level of raw 512-byte headers.</summary>
internal static class TarTestReader
{
    public static List<TarEntrySnapshot> ReadEntries(byte[] tar)
    {
        var entries = new List<TarEntrySnapshot>();
        using var reader = new TarReader(new MemoryStream(tar), leaveOpen: false);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            byte[] content = [];
            if (entry.DataStream is { } data)
            {
                using var copy = new MemoryStream();
                data.CopyTo(copy);
                content = copy.ToArray();
            }

            var gnu = entry as GnuTarEntry;
            entries.Add(new TarEntrySnapshot(
                entry.Name, entry.EntryType, entry.Format, entry.Mode, entry.LinkName, entry.Uid, entry.Gid,
                gnu?.UserName ?? "?", gnu?.GroupName ?? "?", entry.ModificationTime, content));
        }

        return entries;
    }

    /// <summary>
    /// The type flag and magic of every header block in order, long-name records included, and whether
    /// the area ustar uses for a name prefix (GNU's atime and ctime) is empty.
    /// </summary>
    public static List<(char TypeFlag, string Magic, bool PrefixAreaEmpty)> ReadRawHeaders(byte[] tar)
    {
        var headers = new List<(char, string, bool)>();
        int offset = 0;
        while (offset + 512 <= tar.Length && tar.AsSpan(offset, 512).ContainsAnyExcept((byte)0))
        {
            char type = (char)tar[offset + 156];
            string magic = Encoding.ASCII.GetString(tar, offset + 257, 8);
            string sizeField = Encoding.ASCII.GetString(tar, offset + 124, 12).Trim('\0', ' ');
            long size = sizeField.Length == 0 ? 0 : Convert.ToInt64(sizeField, 8);
            headers.Add((type, magic, !tar.AsSpan(offset + 345, 155).ContainsAnyExcept((byte)0)));
            offset += 512 + (int)((size + 511) / 512 * 512);
        }

        return headers;
    }

    /// <summary>Whether the header block at the start is intact (its checksum is right).</summary>
    public static bool FirstHeaderChecksumIsValid(byte[] tar)
    {
        string field = Encoding.ASCII.GetString(tar, 148, 8).Trim('\0', ' ');
        long stored = Convert.ToInt64(field, 8);
        long sum = 0;
        for (int i = 0; i < 512; i++)
        {
            sum += i is >= 148 and < 156 ? (byte)' ' : tar[i];
        }

        return stored == sum;
    }
}
