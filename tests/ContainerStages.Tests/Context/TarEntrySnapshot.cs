using System.Formats.Tar;

namespace ContainerStages.Tests.Context;

/// <summary>One entry read back from a tar, with its content.</summary>
internal sealed record TarEntrySnapshot(
    string Name,
    TarEntryType Type,
    TarEntryFormat Format,
    UnixFileMode Mode,
    string LinkName,
    int Uid,
    int Gid,
    string UserName,
    string GroupName,
    DateTimeOffset ModificationTime,
    byte[] Content);
