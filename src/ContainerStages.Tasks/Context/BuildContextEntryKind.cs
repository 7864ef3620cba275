namespace ContainerStages.Context;

/// <summary>What a build context entry is.</summary>
public enum BuildContextEntryKind
{
    File,
    Directory,

    /// <summary>A symbolic link (or Windows junction), sent as a link and never followed.</summary>
    SymbolicLink,

    /// <summary>A named pipe, sent as one (never opened), as the Docker CLI does.</summary>
    Fifo,

    /// <summary>A character device node, sent as one with its device numbers, as the Docker CLI does.</summary>
    CharacterDevice,

    /// <summary>A block device node, sent as one with its device numbers, as the Docker CLI does.</summary>
    BlockDevice,

    /// <summary>Something a tar cannot hold (a socket): left out, as the Docker CLI leaves it out.</summary>
    Unsupported,
}
