using System.Globalization;
using ContainerStages.Engine;
using ContainerStages.Pipeline;
using ContainerStages.Registry;
using ContainerStages.Resources;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>Saves the built image, with its tags, as a tar archive at ContainerArchiveOutputPath.</summary>
public sealed class SaveContainerStagesImage : ContainerStagesEngineTask
{
    /// <summary>The image's repository:tag names; the archive carries them all.</summary>
    [Required] public string[] ImageReferences { get; set; } = [];

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
        using var engine = OpenEngine();
        long bytes = new ImageArchiveWriter(engine).WriteAsync(ImageReferences, path, cancellationToken).GetAwaiter().GetResult();
        ArchivePath = path;
        Log.LogMessageFromResources(MessageImportance.High, nameof(Strings.ArchiveWritten), ImageReferences[0], path, bytes.ToString("N0", CultureInfo.InvariantCulture));
    }
}
