using System.Formats.Tar;
using System.Text;
using ContainerStages.Resources;

namespace ContainerStages.Context;

/// <summary>
/// Tells a FIFO, a socket or a device node from an empty file, which .NET cannot: all report 0 bytes
/// and none is a directory or a link. The runtime's own tar writer reads the file type from lstat, so
/// its header for the path says what it is. One probe per thread: it reuses its buffer.
/// </summary>
internal sealed class FileTypeProbe
{
    // ustar header offsets: the type flag, then the device numbers as octal text.
    private const int TypeFlagOffset = 156;
    private const int DeviceMajorOffset = 329;
    private const int DeviceMinorOffset = 337;
    private const int DeviceNumberLength = 8;

    private readonly MemoryStream _header = new();
    private readonly TarWriter _writer;

    public FileTypeProbe() => _writer = new TarWriter(_header, TarEntryFormat.Ustar, leaveOpen: true);

    /// <returns>What the path is; null when it vanished before it could be looked at.</returns>
    /// <exception cref="ContainerStagesException">An empty file that cannot be read (CSTG0090).</exception>
    public FileTypeProbeResult? Probe(string fullPath)
    {
        _header.SetLength(0);
        try
        {
            // An empty regular file is opened and read (nothing); the others are never opened.
            _writer.WriteEntry(fullPath, "probe");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            throw new ContainerStagesException(nameof(Strings.ContextEntryUnreadable), fullPath, "permission denied");
        }
        catch (IOException)
        {
            // The writer's "file type is not supported": a socket (tar has no entry type for one).
            return new FileTypeProbeResult(BuildContextEntryKind.Unsupported, 0, 0);
        }

        var header = _header.GetBuffer();
        return (char)header[TypeFlagOffset] switch
        {
            (char)TarEntryType.Fifo => new FileTypeProbeResult(BuildContextEntryKind.Fifo, 0, 0),
            (char)TarEntryType.CharacterDevice => new FileTypeProbeResult(BuildContextEntryKind.CharacterDevice, DeviceNumber(header, DeviceMajorOffset), DeviceNumber(header, DeviceMinorOffset)),
            (char)TarEntryType.BlockDevice => new FileTypeProbeResult(BuildContextEntryKind.BlockDevice, DeviceNumber(header, DeviceMajorOffset), DeviceNumber(header, DeviceMinorOffset)),
            _ => new FileTypeProbeResult(BuildContextEntryKind.File, 0, 0),
        };
    }

    private static int DeviceNumber(byte[] header, int offset)
    {
        string text = Encoding.ASCII.GetString(header, offset, DeviceNumberLength).Trim('\0', ' ');
        return text.Length == 0 ? 0 : Convert.ToInt32(text, 8);
    }
}
