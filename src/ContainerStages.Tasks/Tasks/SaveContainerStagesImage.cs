using System.Globalization;
using ContainerStages.Engine;
using ContainerStages.Naming;
using ContainerStages.Pipeline;
using ContainerStages.Registry;
using ContainerStages.Resources;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>
/// Saves the built image, with its tags, as a tar archive at ContainerArchiveOutputPath; the images of
/// a multi-platform publish go into one OCI image layout with their image index.
/// </summary>
public sealed class SaveContainerStagesImage : ContainerStagesEngineTask
{
    /// <summary>The image's repository:tag names, with the Platform metadata of a multi-platform publish; the archive carries them all.</summary>
    [Required] public ITaskItem[] ImageReferences { get; set; } = [];

    /// <summary>ContainerRepository, which names the file when the output path is a folder.</summary>
    [Required] public string Repository { get; set; } = string.Empty;

    /// <summary>ContainerArchiveOutputPath: a file, or a folder to write &lt;repository&gt;.tar.gz into.</summary>
    [Required] public string ArchiveOutputPath { get; set; } = string.Empty;

    /// <summary>The folder a relative ArchiveOutputPath is taken from (the project's).</summary>
    [Required] public string BaseDirectory { get; set; } = string.Empty;

    /// <summary>The full path of the archive written.</summary>
    [Output] public string ArchivePath { get; private set; } = string.Empty;

    protected override void ExecuteOnEngine(CancellationToken cancellationToken)
    {
        string path = ImageArchiveWriter.ResolvePath(ArchiveOutputPath, Repository, BaseDirectory);
        var images = ImageReferences.Select(item => (Reference: item.ItemSpec, Platform: item.GetMetadata("Platform"))).ToList();
        using var engine = OpenEngine();
        if (images.Any(image => image.Platform.Length > 0))
        {
            var archive = new OciLayoutArchiveWriter(engine).WriteAsync(images, path, cancellationToken).GetAwaiter().GetResult();
            ArchivePath = path;
            Log.LogMessageFromResources(
                MessageImportance.High, nameof(Strings.MultiPlatformArchiveWritten), ImagePlatform.WithoutTagSuffix(images[0].Reference, images[0].Platform),
                archive.Platforms.Count, string.Join(", ", archive.Platforms), path, archive.Bytes.ToString("N0", CultureInfo.InvariantCulture), archive.BlobCount);
            return;
        }

        long bytes = new ImageArchiveWriter(engine).WriteAsync([.. images.Select(image => image.Reference)], path, cancellationToken).GetAwaiter().GetResult();
        ArchivePath = path;
        Log.LogMessageFromResources(MessageImportance.High, nameof(Strings.ArchiveWritten), images[0].Reference, path, bytes.ToString("N0", CultureInfo.InvariantCulture));
    }
}
