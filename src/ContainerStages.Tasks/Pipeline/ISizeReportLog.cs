using ContainerStages.Engine;
using ContainerStages.Reporting;

namespace ContainerStages.Pipeline;

/// <summary>Where <see cref="ImagePipeline"/> reports; the MSBuild task maps it to coded messages.</summary>
internal interface ISizeReportLog
{
    /// <summary>The image carries its references now: the milestone line comes first, the details after it.</summary>
    void Tagged(ImageBuildResult result);

    void Reported(ImageSizeReport report);

    /// <summary>The Dockerfile is the user's own, so no stage of it is known to hold the app on its build image.</summary>
    void SingleStageSkipped(string dockerfilePath);

    /// <summary>The app came from the host's publish output, so there is no single-stage image to measure.</summary>
    void SingleStageSkippedForHostPublish();

    /// <summary>Every step was cached and the image is the one the previous report describes: its comparison stands.</summary>
    void SingleStageReused(string stage, string reportFile);

    /// <summary>The SDK and package stage came from the cache: the last report's single-stage size is repeated.</summary>
    void SingleStageRepeated(string stage, string baseStage, string reportFile);

    /// <summary>Building the comparison stage failed; the image itself is fine, so this is no error.</summary>
    void SingleStageFailed(string stage, ContainerStagesException error);

    void ReportFileWritten(string path);
}
