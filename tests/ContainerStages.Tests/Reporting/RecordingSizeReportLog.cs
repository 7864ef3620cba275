using ContainerStages.Engine;
using ContainerStages.Pipeline;
using ContainerStages.Reporting;

namespace ContainerStages.Tests.Reporting;

internal sealed class RecordingSizeReportLog : ISizeReportLog
{
    public List<string> Events { get; } = [];

    public ImageSizeReport? Report { get; private set; }

    public void Tagged(ImageBuildResult result) => Events.Add("tagged");

    public void Reported(ImageSizeReport report)
    {
        Report = report;
        Events.Add("reported");
    }

    public void SingleStageSkipped(string dockerfilePath) => Events.Add("single stage skipped");

    public void SingleStageSkippedForHostPublish() => Events.Add("single stage skipped: host publish");

    public void SingleStageReused(string stage, string reportFile) => Events.Add("single stage reused: " + stage);

    public void SingleStageRepeated(string stage, string baseStage, string reportFile) => Events.Add($"single stage repeated: {stage} ({baseStage} cached)");

    public void SingleStageFailed(string stage, ContainerStagesException error) => Events.Add("single stage failed: " + error.ResourceName);

    public void ReportFileWritten(string path) => Events.Add("wrote " + Path.GetFileName(path));
}
