namespace ContainerStages.Context;

/// <summary>One file, directory or symbolic link that goes into the build context.</summary>
/// <param name="RelativePath">The path below the context root with "/" separators, no "./" and no trailing "/".</param>
/// <param name="FullPath">Where it is on disk.</param>
/// <param name="Kind">File, directory or symbolic link.</param>
/// <param name="Length">The size in bytes of a file when it was listed; 0 for the others.</param>
/// <param name="LinkTarget">The target of a symbolic link, as stored in the link; null for the others.</param>
/// <param name="Mode">The Unix permission bits (0644 and 0755 on Windows, 0777 for links).</param>
/// <param name="LastWriteTimeUtc">The modification time, in whole seconds as a tar header stores it.</param>
public sealed record BuildContextEntry(
    string RelativePath,
    string FullPath,
    BuildContextEntryKind Kind,
    long Length,
    string? LinkTarget,
    UnixFileMode Mode,
    DateTimeOffset LastWriteTimeUtc)
{
    /// <summary>The major device number of a device node; 0 for the others.</summary>
    public int DeviceMajor { get; init; }

    /// <summary>The minor device number of a device node; 0 for the others.</summary>
    public int DeviceMinor { get; init; }
}
