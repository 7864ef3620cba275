namespace ContainerStages.Context;

/// <summary>What <see cref="BuildContextTar.Write"/> sent.</summary>
/// <param name="EntryCount">The tar entries: files, directories and symbolic links (not GNU long-name records).</param>
/// <param name="FileCount">The regular files among them, extra files included.</param>
/// <param name="FileBytes">The bytes of file content.</param>
/// <param name="TotalBytes">The bytes of the tar stream itself, headers and padding included.</param>
public sealed record BuildContextTarResult(int EntryCount, int FileCount, long FileBytes, long TotalBytes)
{
    /// <summary>Paths a tar cannot hold (sockets), left out as the Docker CLI leaves them out.</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];
}
