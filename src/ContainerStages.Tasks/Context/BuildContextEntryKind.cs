namespace ContainerStages.Context;

/// <summary>What a build context entry is. Other file types (FIFOs, sockets, devices) are sent as empty files.</summary>
public enum BuildContextEntryKind
{
    File,
    Directory,

    /// <summary>A symbolic link (or Windows junction), sent as a link and never followed.</summary>
    SymbolicLink,
}
