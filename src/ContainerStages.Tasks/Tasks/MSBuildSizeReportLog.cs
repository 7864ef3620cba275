using System.Globalization;
using ContainerStages.Engine;
using ContainerStages.Reporting;
using Microsoft.Build.Framework;
using ContainerStages.Pipeline;
using ContainerStages.Resources;

namespace ContainerStages.Tasks;

/// <summary>Maps the size report onto coded MSBuild messages: the details below the high-importance size line.</summary>
internal sealed class MSBuildSizeReportLog : ISizeReportLog
{
    private const int LargestLayerCount = 5;
    private const int InstructionWidth = 120;

    private readonly BuildContainerStagesImage _task;

    public MSBuildSizeReportLog(BuildContainerStagesImage task) => _task = task;

    public void Tagged(ImageBuildResult result) => _task.ReportBuilt(result);

    public void Reported(ImageSizeReport report)
    {
        var log = _task.Logger;
        if (report.BaseImage is { } baseImage && report.BaseImageSize is { } baseSize && report.AppBytes is { } app)
        {
            log.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.SizeBreakdown), baseImage, ByteSize.Megabytes(baseSize), ByteSize.Megabytes(app), ByteSize.Bytes(app));
        }

        var largest = LayerRanking.Largest(report.Layers, LargestLayerCount);
        if (largest.Count > 0)
        {
            string lines = string.Concat(largest.Select(l =>
                $"{Environment.NewLine}  {ByteSize.Megabytes(l.Size),10}  {(l.FromBase ? "[base] " : string.Empty)}{Shorten(l.Instruction)}"));
            log.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.LargestLayers), lines);
        }

        if (report.SingleStage is { } stage && report.SingleStageSize is { } single)
        {
            log.LogMessageFromResources(
                MessageImportance.Normal,
                nameof(Strings.SingleStageComparison),
                stage,
                ByteSize.Megabytes(single),
                ByteSize.Megabytes(report.Size),
                (report.SavingPercent ?? 0).ToString("0.0", CultureInfo.InvariantCulture));
        }
    }

    public void SingleStageReused(string stage, string reportFile) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Low, nameof(Strings.SingleStageReused), stage, reportFile);

    public void SingleStageSkipped(string dockerfilePath) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Low, nameof(Strings.SingleStageSkipped), dockerfilePath);

    public void SingleStageSkippedForHostPublish() =>
        _task.Logger.LogMessageFromResources(MessageImportance.Low, nameof(Strings.SingleStageSkippedHostPublish));

    public void SingleStageFailed(string stage, ContainerStagesException error) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Low, nameof(Strings.SingleStageFailed), _task.Logger.FormatResourceString(error.ResourceName, error.Arguments), stage);

    public void ReportFileWritten(string path) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Low, nameof(Strings.ReportFileWritten), path);

    private static string Shorten(string instruction) =>
        instruction.Length == 0 ? "(imported)" : instruction.Length <= InstructionWidth ? instruction : instruction[..(InstructionWidth - 3)] + "...";
}
