using System.Diagnostics;
using ContainerStages.Dockerfile;
using ContainerStages.Engine;
using ContainerStages.Reporting;
using ContainerStages.Resources;
using Docker.DotNet;

namespace ContainerStages.Pipeline;

/// <summary>
/// Builds the image untagged, measures it (base, layers, the single-stage comparison), writes the
/// report, holds it to the size budget, and only then tags it: an image over budget never carries
/// the requested references, and the previous image under them stays where it was, as after any
/// failed build.
/// </summary>
internal sealed class ImagePipeline
{
    private readonly IContainerEngine _engine;
    private readonly IImageBuildLog _buildLog;
    private readonly ISizeReportLog _reportLog;
    private readonly Engine.Session.BuildSessionHost? _sessions;

    /// <param name="sessions">The BuildKit sessions of the builds (secrets, registry logins); null builds without.</param>
    public ImagePipeline(IContainerEngine engine, IImageBuildLog buildLog, ISizeReportLog reportLog, Engine.Session.BuildSessionHost? sessions = null)
    {
        _engine = engine;
        _buildLog = buildLog;
        _reportLog = reportLog;
        _sessions = sessions;
    }

    /// <param name="tag">False leaves the image untagged and unreported, for the caller to tag once every platform's image passed.</param>
    public async Task<(ImageBuildResult Result, ImageSizeReport Report)> PublishAsync(ImageBuildInput input, SizeReportOptions options, CancellationToken cancellationToken, bool tag = true)
    {
        var builder = new ImageBuilder(_engine, _buildLog, _sessions);
        var stopwatch = Stopwatch.StartNew();
        var result = await builder.BuildAsync(input, cancellationToken).ConfigureAwait(false);
        var duration = stopwatch.Elapsed;

        ImageSizeReport report;
        try
        {
            report = await MeasureAsync(input, result, duration, options, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new ContainerStagesException(nameof(Strings.EngineRequestFailed), builder.Engine?.Endpoint, (e.ResponseBody ?? e.Message).Split('\n', 2)[0].Trim());
        }

        WriteFiles(report, options);

        if (!report.WithinBudget)
        {
            _reportLog.Reported(report);
            await _engine.RemoveUntaggedImageAsync(result.ImageId, cancellationToken).ConfigureAwait(false);
            throw new ContainerStagesException(
                nameof(Strings.ImageOverBudget),
                result.ImageReferences.FirstOrDefault() ?? result.ImageId,
                ByteSize.Megabytes(report.Size),
                ByteSize.Bytes(report.Size),
                options.MaxImageSizeText,
                ByteSize.Bytes(options.MaxImageSize!.Value));
        }

        if (tag)
        {
            await TagAsync(result, report, cancellationToken).ConfigureAwait(false);
        }

        return (result, report);
    }

    /// <summary>Tags an image that passed its checks and says so: the milestone line first, the size details after it.</summary>
    public async Task TagAsync(ImageBuildResult result, ImageSizeReport report, CancellationToken cancellationToken)
    {
        await new ImageBuilder(_engine, _buildLog, _sessions).TagAsync(result, cancellationToken).ConfigureAwait(false);
        _reportLog.Tagged(result);
        _reportLog.Reported(report);
    }

    private async Task<ImageSizeReport> MeasureAsync(ImageBuildInput input, ImageBuildResult result, TimeSpan duration, SizeReportOptions options, CancellationToken cancellationToken)
    {
        string? dockerfile = File.Exists(input.DockerfilePath) ? File.ReadAllText(input.DockerfilePath) : null;
        string? baseImage = dockerfile is null ? null : DockerfileStageReader.FindBaseImage(dockerfile, input.Target, input.BuildArgs);

        long? baseSize = null;
        int baseHistoryCount = 0;
        if (string.Equals(baseImage, "scratch", StringComparison.OrdinalIgnoreCase))
        {
            baseSize = 0;
        }
        else if (baseImage is not null && await _engine.TryInspectImageAsync(baseImage, cancellationToken).ConfigureAwait(false) is { } details)
        {
            baseSize = details.Size;
            baseHistoryCount = (await _engine.GetImageHistoryAsync(details.Id, cancellationToken).ConfigureAwait(false)).Count;
        }

        var history = await _engine.GetImageHistoryAsync(result.ImageId, cancellationToken).ConfigureAwait(false);
        var layers = LayerRanking.Layers(history, baseHistoryCount);
        string? singleStage = null;
        long? singleStageSize = null;
        if (result.Summary.TotalSteps > 0 && result.Summary.CachedSteps == result.Summary.TotalSteps
            && options.ReportFile is { } previousReport
            && PreviousSizeReport.TryReuseSingleStage(previousReport, input.Target, result.Size, layers) is { } reused)
        {
            (singleStage, singleStageSize) = reused;
            _reportLog.SingleStageReused(reused.Stage, previousReport);
        }
        else if (result.UsedHostPublish)
        {
            // Building the single-stage target to measure it would compile the app in the container after all.
            _reportLog.SingleStageSkippedForHostPublish();
        }
        else if (dockerfile is not null && DockerfileHeader.IsGenerated(dockerfile)
            && options.SingleStageBaseStage is { } baseStage && result.Summary.StageCached(baseStage)
            && options.ReportFile is { } lastReport
            && PreviousSizeReport.TryReadSingleStage(lastReport, input.Target) is { } last)
        {
            // An edit changes the single-stage image by the edited sources and their build output, a few
            // kilobytes of a gigabyte; measuring it again exported that image on every in-container edit (0.5 s
            // for a small web API, 1.2 s for a self-contained app).
            (singleStage, singleStageSize) = last;
            _reportLog.SingleStageRepeated(last.Stage, baseStage, lastReport);
        }
        else if (dockerfile is not null)
        {
            (singleStage, singleStageSize) = await MeasureSingleStageAsync(input, dockerfile, options.SingleStageTarget, cancellationToken).ConfigureAwait(false);
        }

        return new ImageSizeReport
        {
            ImageId = result.ImageId,
            References = result.ImageReferences,
            Target = input.Target,
            Size = result.Size,
            BaseImage = baseImage,
            BaseImageSize = baseSize,
            Layers = layers,
            SingleStage = singleStage,
            SingleStageSize = singleStageSize,
            BuildDuration = duration,
            CachedSteps = result.Summary.CachedSteps,
            TotalSteps = result.Summary.TotalSteps,
            MaxImageSize = options.MaxImageSize,
        };
    }

    /// <summary>
    /// The stage that holds the app on its build image, as a single-stage Dockerfile would ship it. The
    /// main build has just made every one of its steps, so this build is all cache hits; its image is
    /// removed again once measured.
    /// </summary>
    private async Task<(string? Stage, long? Size)> MeasureSingleStageAsync(ImageBuildInput input, string dockerfile, string? singleStageTarget, CancellationToken cancellationToken)
    {
        if (!DockerfileHeader.IsGenerated(dockerfile))
        {
            _reportLog.SingleStageSkipped(input.DockerfilePath);
            return (null, null);
        }

        if (singleStageTarget is null)
        {
            return (null, null);
        }

        var builder = new ImageBuilder(_engine, QuietImageBuildLog.Instance, _sessions);
        try
        {
            var stage = await builder.BuildAsync(input with { Target = singleStageTarget, ImageReferences = [] }, cancellationToken).ConfigureAwait(false);
            await _engine.RemoveUntaggedImageAsync(stage.ImageId, cancellationToken).ConfigureAwait(false);
            return (singleStageTarget, stage.Size);
        }
        catch (ContainerStagesException error)
        {
            _reportLog.SingleStageFailed(singleStageTarget, error);
            return (null, null);
        }
    }

    /// <summary>The report of a multi-platform publish: one JSON file with every platform, one Markdown summary each.</summary>
    public void WritePlatformReports(IReadOnlyList<(string Platform, ImageSizeReport Report)> reports, string? reportFile, string? summaryFile)
    {
        if (reportFile is not null)
        {
            Write(reportFile, "ContainerStagesReportFile", path => File.WriteAllText(path, SizeReportJsonWriter.WritePlatforms(reports)));
        }

        if (summaryFile is not null)
        {
            Write(summaryFile, "ContainerStagesSummaryFile", path => File.AppendAllText(path, string.Concat(reports.Select(r => SizeReportMarkdownWriter.Write(r.Report)))));
        }
    }

    private void WriteFiles(ImageSizeReport report, SizeReportOptions options)
    {
        if (options.ReportFile is { } reportFile)
        {
            Write(reportFile, "ContainerStagesReportFile", path => ReplaceFile(path, SizeReportJsonWriter.Write(report)));
        }

        if (options.SummaryFile is { } summaryFile)
        {
            Write(summaryFile, "ContainerStagesSummaryFile", path => File.AppendAllText(path, SizeReportMarkdownWriter.Write(report)));
        }
    }

    /// <summary>
    /// Written beside and renamed over: a publish running at the same time reads the last report (to reuse
    /// its sizes) and must see a whole one, old or new.
    /// </summary>
    private static void ReplaceFile(string path, string content)
    {
        string temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private void Write(string path, string property, Action<string> write)
    {
        try
        {
            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            write(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContainerStagesException(nameof(Strings.ReportFileUnwritable), path, e.Message, property);
        }

        _reportLog.ReportFileWritten(path);
    }
}
