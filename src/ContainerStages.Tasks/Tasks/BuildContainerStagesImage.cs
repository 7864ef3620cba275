using System.Globalization;
using ContainerStages.Engine;
using ContainerStages.Reporting;
using ContainerStages.Registry;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ContainerStages.Tasks;

/// <summary>
/// Builds the chosen stage of the Dockerfile with BuildKit through the Docker Engine API, holds it
/// to the size budget, tags it, and reports its size and where its bytes are. Cancelling the build
/// (Ctrl+C) aborts the engine's build request.
/// </summary>
public sealed class BuildContainerStagesImage : ContainerStagesEngineTask
{
    [Required] public string ContextDirectory { get; set; } = string.Empty;

    [Required] public string DockerfilePath { get; set; } = string.Empty;

    /// <summary>SHA-256 of the Dockerfile as the plan made it; a Dockerfile rewritten meanwhile is not built.</summary>
    public string? DockerfileSha256 { get; set; }

    /// <summary>The Dockerfile stage to build (the build's --target).</summary>
    [Required] public string Target { get; set; } = string.Empty;

    /// <summary>repository:tag references the image is tagged with once it built.</summary>
    [Required] public string[] ImageReferences { get; set; } = [];

    /// <summary>Build arguments, each name=value.</summary>
    public string[] BuildArgs { get; set; } = [];

    /// <summary>The build's platform (ContainerStagesPlatform), for example linux/arm64.</summary>
    public string? Platform { get; set; }

    /// <summary>Images whose layers seed the build cache (ContainerStagesCacheFrom).</summary>
    public string[] CacheFrom { get; set; } = [];

    /// <summary>The runtime stage's FROM (ContainerBaseImage or its default), named in the fix when it cannot be pulled.</summary>
    public string? BaseImage { get; set; }

    /// <summary>The build stages' FROM (ContainerStagesSdkImage or its default).</summary>
    public string? SdkImage { get; set; }

    /// <summary>ContainerStagesHostBuild=false: Publish skipped the host's compile, so this build is the only one.</summary>
    public bool HostBuildSkipped { get; set; }

    /// <summary>ContainerStagesMaxImageSize: the largest image that may be tagged (120MB, 1.5GB, 120MiB or bytes).</summary>
    public string? MaxImageSize { get; set; }

    /// <summary>Where the JSON size report is written (ContainerStagesReportFile); the full path comes back out.</summary>
    [Output] public string? ReportFile { get; set; }

    /// <summary>A Markdown file the size summary is appended to (ContainerStagesSummaryFile).</summary>
    public string? SummaryFile { get; set; }

    [Output] public string ImageId { get; private set; } = string.Empty;

    /// <summary>The engine's own size of the image, in bytes.</summary>
    [Output] public long ImageSize { get; private set; }

    /// <summary>One item per tag (the full reference), with ImageId and Size metadata.</summary>
    [Output] public ITaskItem[] BuiltImageReferences { get; private set; } = [];

    protected override void ExecuteOnEngine(CancellationToken cancellationToken)
    {
        if (HostBuildSkipped)
        {
            Log.LogMessageFromResources(MessageImportance.Normal, "HostBuildSkipped");
        }

        var options = ReportOptions();
        using var engine = OpenEngine();
        var publisher = new ImagePublisher(engine, new MSBuildImageBuildLog(this), new MSBuildSizeReportLog(this));
        var input = new ImageBuildInput
        {
            ContextDirectory = ContextDirectory,
            DockerfilePath = DockerfilePath,
            ExpectedDockerfileSha256 = string.IsNullOrEmpty(DockerfileSha256) ? null : DockerfileSha256,
            Target = Target,
            ImageReferences = ImageReferences,
            ImageProperties = ImageProperties(),
            BuildArgs = BuildArgs.Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a.Length > 1 ? a[1] : string.Empty, StringComparer.Ordinal),
            Platform = string.IsNullOrWhiteSpace(Platform) ? null : Platform,
            CacheFrom = CacheFrom,
            RegistryCredentials = FromImageCredentials(),
        };
        publisher.PublishAsync(input, options, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>Checked before anything is built, so a typo in the budget costs no build.</summary>
    private SizeReportOptions ReportOptions()
    {
        long? budget = null;
        if (!string.IsNullOrWhiteSpace(MaxImageSize))
        {
            budget = ByteSize.TryParse(MaxImageSize, out long bytes) ? bytes : throw new ContainerStagesException("MaxImageSizeInvalid", MaxImageSize);
        }

        ReportFile = string.IsNullOrWhiteSpace(ReportFile) ? null : Path.GetFullPath(ReportFile);
        return new SizeReportOptions
        {
            ReportFile = ReportFile,
            SummaryFile = string.IsNullOrWhiteSpace(SummaryFile) ? null : Path.GetFullPath(SummaryFile),
            MaxImageSize = budget,
            MaxImageSizeText = MaxImageSize?.Trim(),
        };
    }

    /// <summary>Logins for the registries of the base images and cache images, found as for a push but with the SDK's pull variables.</summary>
    private Dictionary<string, RegistryCredentials> FromImageCredentials()
    {
        var resolver = new RegistryCredentialResolver(ProcessEnvironmentReader.Instance, new CredentialHelperProcess());
        var credentials = new Dictionary<string, RegistryCredentials>(StringComparer.OrdinalIgnoreCase);
        var images = new[] { BaseImage, SdkImage }.Concat(CacheFrom).Where(i => !string.IsNullOrWhiteSpace(i));
        foreach (string registry in images.Select(i => RegistryCredentialResolver.RegistryOf(i!)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            RegistryCredentials? found;
            try
            {
                found = resolver.Resolve(registry, forPull: true);
            }
            catch (ContainerStagesException)
            {
                // A broken helper must not stop a build whose images may well be public: the pull says if not.
                continue;
            }

            if (found is not null)
            {
                credentials[RegistryCredentialResolver.ServerAddress(registry)] = found;
                Log.LogMessageFromResources(MessageImportance.Low, "BuildRegistryCredentials", registry, found.Source);
            }
        }

        return credentials;
    }

    private Dictionary<string, string> ImageProperties()
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(BaseImage))
        {
            properties.TryAdd(BaseImage, "ContainerBaseImage");
        }

        if (!string.IsNullOrWhiteSpace(SdkImage))
        {
            properties.TryAdd(SdkImage, "ContainerStagesSdkImage");
        }

        return properties;
    }

    internal void ReportBuilt(ImageBuildResult result)
    {
        ImageId = result.ImageId;
        ImageSize = result.Size;
        BuiltImageReferences = result.ImageReferences.Select(reference =>
        {
            var item = new Microsoft.Build.Utilities.TaskItem(reference);
            item.SetMetadata("ImageId", result.ImageId);
            item.SetMetadata("Size", result.Size.ToString(CultureInfo.InvariantCulture));
            return (ITaskItem)item;
        }).ToArray();

        Log.LogMessageFromResources(
            MessageImportance.High,
            "ImageBuilt",
            result.ImageReferences[0],
            Target,
            (result.Size / 1_000_000d).ToString("0.0", CultureInfo.InvariantCulture),
            result.Size.ToString("N0", CultureInfo.InvariantCulture));
        foreach (string other in result.ImageReferences.Skip(1))
        {
            Log.LogMessageFromResources(MessageImportance.Normal, "ImageTagged", result.ImageId, other);
        }
    }

    internal TaskLoggingHelper Logger => Log;
}
