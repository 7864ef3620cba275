using System.IO.Compression;
using ContainerStages.Engine;
using ContainerStages.Naming;
using ContainerStages.Resources;
using Docker.DotNet;

namespace ContainerStages.Pipeline;

/// <summary>
/// Saves the images of a multi-platform publish as one OCI image layout archive
/// (ContainerArchiveOutputPath): the engine saves each platform's image, <see cref="OciLayoutBuilder"/>
/// puts them together under an image index named by the tag without its platform suffix, as the
/// .NET SDK's archive of ContainerRuntimeIdentifiers is.
/// </summary>
internal sealed class OciLayoutArchiveWriter
{
    private readonly IContainerEngine _engine;

    public OciLayoutArchiveWriter(IContainerEngine engine) => _engine = engine;

    /// <summary>The images grouped by platform, in the order they come: each platform's tags.</summary>
    public static IReadOnlyList<(string Platform, IReadOnlyList<string> References)> ByPlatform(IEnumerable<(string Reference, string Platform)> images) =>
        [.. images.GroupBy(image => image.Platform, StringComparer.OrdinalIgnoreCase)
            .Select(group => (group.Key, (IReadOnlyList<string>)[.. group.Select(image => image.Reference).Distinct(StringComparer.Ordinal)]))];

    /// <summary>Writes the archive at <paramref name="path"/>, gzip-compressed when its name ends in .gz or .tgz.</summary>
    public async Task<OciLayoutArchive> WriteAsync(IReadOnlyList<(string Reference, string Platform)> images, string path, CancellationToken cancellationToken)
    {
        var platforms = ByPlatform(images);
        IReadOnlyList<string> indexNames = [.. images.Select(image => ImagePlatform.WithoutTagSuffix(image.Reference, image.Platform)).Distinct(StringComparer.Ordinal)];
        await _engine.ConnectAsync(cancellationToken).ConfigureAwait(false);

        // Staged and written beside the target and moved over it at the end, so a failure never leaves half an archive.
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            int blobs;
            using (var layout = new OciLayoutBuilder(temporary + ".d", path))
            {
                foreach (var (_, references) in platforms)
                {
                    using var save = await _engine.SaveImagesAsync([references[0]], cancellationToken).ConfigureAwait(false);
                    await layout.AddSaveAsync(save, references, cancellationToken).ConfigureAwait(false);
                }

                await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                if (ImageArchiveWriter.IsCompressed(path))
                {
                    await using var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                    blobs = await layout.WriteAsync(gzip, indexNames, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    blobs = await layout.WriteAsync(file, indexNames, cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temporary, path, overwrite: true);
            return new OciLayoutArchive(new FileInfo(path).Length, blobs, [.. platforms.Select(platform => platform.Platform)]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or DockerApiException or HttpRequestException)
        {
            ImageArchiveWriter.TryDelete(temporary);
            throw new ContainerStagesException(nameof(Strings.ArchiveWriteFailed), path, (e is DockerApiException api ? api.ResponseBody ?? api.Message : e.Message).Trim());
        }
        catch
        {
            ImageArchiveWriter.TryDelete(temporary);
            throw;
        }
    }
}
