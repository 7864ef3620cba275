using System.Globalization;
using ContainerStages.Engine;
using ContainerStages.Pipeline;
using ContainerStages.Reporting;
using ContainerStages.Resources;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>Maps the size report onto coded MSBuild messages: the details below the high-importance size line.</summary>
internal sealed class MSBuildSizeReportLog : ISizeReportLog
{
    private const int LargestLayerCount = 5;
    private const int InstructionWidth = 120;

    private readonly ContainerStagesTask _task;
    private readonly string _target;

    /// <param name="target">The stage built; empty for the last stage of the user's own Dockerfile.</param>
    public MSBuildSizeReportLog(ContainerStagesTask task, string target)
    {
        _task = task;
        _target = target;
    }

    /// <summary>The milestone line, the SDK's own form: the first reference, the stage, the size.</summary>
    public void Tagged(ImageBuildResult result)
    {
        _task.Logger.LogMessageFromResources(
            MessageImportance.High,
            nameof(Strings.ImageBuilt),
            result.ImageReferences[0],
            _target.Length > 0 ? _target : "(last)",
            (result.Size / 1_000_000d).ToString("0.0", CultureInfo.InvariantCulture),
            result.Size.ToString("N0", CultureInfo.InvariantCulture));
        foreach (string other in result.ImageReferences.Skip(1))
        {
            _task.Logger.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.ImageTagged), result.ImageId, other);
        }
    }

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

    public void SingleStageRepeated(string stage, string baseStage, string reportFile) =>
        _task.Logger.LogMessageFromResources(MessageImportance.Low, nameof(Strings.SingleStageRepeated), stage, baseStage, reportFile);

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
