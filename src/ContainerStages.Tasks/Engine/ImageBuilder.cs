using System.IO.Pipelines;
using ContainerStages.Context;
using ContainerStages.Dockerfile;
using ContainerStages.Engine.BuildKit;
using Docker.DotNet;

namespace ContainerStages.Engine;

/// <summary>
/// Builds one stage of a Dockerfile through the engine: streams the context as a tar, reads
/// BuildKit's progress, and turns the engine's answer into an image id and size or a coded error.
/// </summary>
internal sealed class ImageBuilder
{
    // The context tar for a Dockerfile kept outside the context; BuildKit reads it by this name.
    internal const string OutsideDockerfileEntryName = ".containerstages.Dockerfile";

    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    private readonly IContainerEngine _engine;
    private readonly IImageBuildLog _log;

    public ImageBuilder(IContainerEngine engine, IImageBuildLog log)
    {
        _engine = engine;
        _log = log;
    }

    public async Task<ImageBuildResult> BuildAsync(ImageBuildInput input, CancellationToken cancellationToken)
    {
        var engine = await _engine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        _log.Connected(engine, input);

        var (dockerfileEntry, extraFiles) = PlaceDockerfile(input);

        // Like the Docker CLI, send the Dockerfile even when a pattern excludes it: BuildKit reads it from the context.
        var rules = DockerIgnoreFile.ReadRules(input.ContextDirectory).WithAlwaysIncluded(dockerfileEntry);
        var request = new ImageBuildRequest
        {
            DockerfilePath = dockerfileEntry,
            Target = input.Target,
            Tags = input.ImageReferences,
        };

        using var buildCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pipe = new Pipe();
        var sending = Task.Run(() => SendContext(input.ContextDirectory, rules, extraFiles, pipe.Writer, buildCancellation.Token), CancellationToken.None);

        var tracker = new BuildProgressTracker(_log);
        BuildResponseOutcome outcome;
        try
        {
            using var heartbeat = new Timer(_ => tracker.Heartbeat(DateTimeOffset.UtcNow), null, HeartbeatInterval, HeartbeatInterval);
            using var response = await _engine.StartBuildAsync(pipe.Reader.AsStream(), request, buildCancellation.Token).ConfigureAwait(false);
            outcome = await BuildResponseReader.ReadAsync(response, tracker, buildCancellation.Token).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new ContainerStagesException("EngineRequestFailed", engine.Endpoint, FirstLine(e.ResponseBody ?? e.Message));
        }
        finally
        {
            // A build that failed early leaves the sender blocked on a full pipe: stop it before waiting.
            buildCancellation.Cancel();
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        }

        var sent = await sending.ConfigureAwait(false);
        if (sent is not null)
        {
            _log.ContextSent(input.ContextDirectory, sent.FileCount, sent.FileBytes);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var summary = outcome.Summary;
        if (!outcome.Succeeded)
        {
            throw Failure(input, outcome);
        }

        _log.StepSummary(summary.CachedSteps, summary.TotalSteps);
        var image = await _engine.InspectImageAsync(outcome.ImageId!, cancellationToken).ConfigureAwait(false);
        return new ImageBuildResult(image.Id, image.Size, input.ImageReferences, summary);
    }

    private static async Task<BuildContextTarResult?> SendContext(
        string contextDirectory, DockerIgnoreRules rules, IReadOnlyList<BuildContextExtraFile> extraFiles, PipeWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            BuildContextTarResult result;
            await using (var stream = writer.AsStream(leaveOpen: true))
            {
                result = BuildContextTar.Write(contextDirectory, rules, stream, extraFiles, cancellationToken);
            }

            await writer.CompleteAsync().ConfigureAwait(false);
            return result;
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            // The engine stopped reading (the build failed or was cancelled): its answer says why.
            await writer.CompleteAsync(e).ConfigureAwait(false);
            return null;
        }
    }

    private static (string EntryName, IReadOnlyList<BuildContextExtraFile> ExtraFiles) PlaceDockerfile(ImageBuildInput input)
    {
        string relative = Path.GetRelativePath(input.ContextDirectory, input.DockerfilePath);
        if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
        {
            return (relative.Replace('\\', '/'), []);
        }

        return (OutsideDockerfileEntryName, [new BuildContextExtraFile(OutsideDockerfileEntryName, File.ReadAllBytes(input.DockerfilePath))]);
    }

    private static ContainerStagesException Failure(ImageBuildInput input, BuildResponseOutcome outcome)
    {
        if (outcome.FailedStep is { } step)
        {
            int line = File.Exists(input.DockerfilePath) ? DockerfileStepLocator.FindLine(File.ReadAllText(input.DockerfilePath), step.StepName) : 0;
            string output = step.LastOutputLines.Count == 0
                ? string.Empty
                : Environment.NewLine + string.Join(Environment.NewLine, step.LastOutputLines.Select(l => "  " + l));
            return new ContainerStagesException("BuildStepFailed", step.StepName, step.Error, output) { File = input.DockerfilePath, Line = line };
        }

        return outcome.ErrorMessage is { } message
            ? new ContainerStagesException("BuildFailed", message) { File = input.DockerfilePath }
            : new ContainerStagesException("BuildEndedWithoutImage");
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
