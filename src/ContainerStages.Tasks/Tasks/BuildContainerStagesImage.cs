using System.Globalization;
using ContainerStages.Pipeline;
using ContainerStages.Planning;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ContainerStages.Tasks;

/// <summary>
/// Builds the planned stage of the Dockerfile with BuildKit through the Docker Engine API, holds it
/// to the size budget, tags it, and reports its size and where its bytes are. Cancelling the build
/// (Ctrl+C) aborts the engine's build request.
/// </summary>
public sealed class BuildContainerStagesImage : ContainerStagesEngineTask
{
    /// <summary>The plan the generation saved: the Dockerfile, its context, the stage, the references, the build arguments.</summary>
    [Required] public string PlanFile { get; set; } = string.Empty;

    /// <summary>This publish's settings: one item per property of BuildSettings, with Value.</summary>
    public ITaskItem[] Settings { get; set; } = [];

    /// <summary>The items of list settings (ContainerStagesSecret, ContainerStagesNuGetCredential, the build's metadata), each with Setting naming its property.</summary>
    public ITaskItem[] SettingItems { get; set; } = [];

    /// <summary>The JSON size report's full path, when one was written.</summary>
    [Output] public string? ReportFile { get; private set; }

    /// <summary>The image's id; for a multi-platform publish, the first platform's.</summary>
    [Output] public string ImageId { get; private set; } = string.Empty;

    /// <summary>The engine's own size of the image (the first platform's), in bytes.</summary>
    [Output] public long ImageSize { get; private set; }

    /// <summary>One item per tag (the full reference), with ImageId, Size and Platform (empty for a one-platform publish) metadata.</summary>
    [Output] public ITaskItem[] BuiltImageReferences { get; private set; } = [];

    protected override void ExecuteOnEngine(CancellationToken cancellationToken)
    {
        var plan = SavedBuildPlan.Read(PlanFile);
        var settings = Inputs.SettingsBinder.Bind<BuildSettings>(TaskSettings.Read(Settings, SettingItems));
        var job = new ImageBuildJob(plan, settings, new MSBuildCodedLog(this));
        var images = job.Run(OpenEngine, new MSBuildImageBuildLog(this), new MSBuildSizeReportLog(this, plan.Target), cancellationToken);

        ImageId = images[0].Result.ImageId;
        ImageSize = images[0].Result.Size;
        ReportFile = job.ReportFile;
        BuiltImageReferences = images.SelectMany(image => image.Result.ImageReferences.Select(reference =>
        {
            var item = new TaskItem(reference);
            item.SetMetadata("ImageId", image.Result.ImageId);
            item.SetMetadata("Size", image.Result.Size.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("Platform", image.Platform ?? string.Empty);
            return (ITaskItem)item;
        })).ToArray();
    }
}
