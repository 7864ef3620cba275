using System.IO.Compression;
using ContainerStages.Engine;
using ContainerStages.Resources;
using Docker.DotNet;

namespace ContainerStages.Pipeline;

/// <summary>
/// Saves a built image as a tar archive (ContainerArchiveOutputPath) through the engine's image export,
/// which needs no BuildKit session. The archive carries the image's tags, so `docker load` restores them.
/// </summary>
internal sealed class ImageArchiveWriter
{
    private readonly IContainerEngine _engine;

    public ImageArchiveWriter(IContainerEngine engine) => _engine = engine;

    /// <summary>
    /// Where the archive goes, as the SDK decides: a path that is an existing folder, ends with a
    /// separator or has no extension is a folder, and the file in it is &lt;repository&gt;.tar.gz.
    /// </summary>
    public static string ResolvePath(string outputPath, string repository, string baseDirectory)
    {
        string full = Path.GetFullPath(outputPath, baseDirectory);
        bool isFolder = Directory.Exists(full)
            || outputPath.EndsWith('/') || outputPath.EndsWith('\\')
            || !Path.HasExtension(full);
        return isFolder ? Path.Combine(full, repository.Replace('/', Path.DirectorySeparatorChar) + ".tar.gz") : full;
    }

    /// <summary>Gzip-compressed when the name ends in .gz or .tgz (docker load reads both), a plain tar otherwise.</summary>
    public static bool IsCompressed(string path) =>
        path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    /// <returns>The archive's size in bytes.</returns>
    public async Task<long> WriteAsync(IReadOnlyList<string> images, string path, CancellationToken cancellationToken)
    {
        await _engine.ConnectAsync(cancellationToken).ConfigureAwait(false);

        // Written beside the target and moved over it at the end, so a failed export never leaves half an archive.
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var export = await _engine.SaveImagesAsync(images, cancellationToken).ConfigureAwait(false))
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                if (IsCompressed(path))
                {
                    await using var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                    await export.CopyToAsync(gzip, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await export.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temporary, path, overwrite: true);
            return new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DockerApiException or HttpRequestException)
        {
            TryDelete(temporary);
            throw new ContainerStagesException(nameof(Strings.ArchiveWriteFailed), path, e is DockerApiException api ? api.ResponseBody ?? api.Message : e.Message);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Removes a temporary file; one that cannot be removed is left, never a failure of its own.</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
