using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using ContainerStages.Context;
using ContainerStages.Diagnostics;
using ContainerStages.Dockerfile;
using ContainerStages.Engine.BuildKit;
using ContainerStages.Naming;
using ContainerStages.Registry;
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

    // The error quotes the end of a failed step's output; the parsers read all that was kept.
    private const int QuotedOutputLines = 20;
    private const int KeptFailureOutputLines = 200;

    private readonly IContainerEngine _engine;
    private readonly IImageBuildLog _log;

    public ImageBuilder(IContainerEngine engine, IImageBuildLog log)
    {
        _engine = engine;
        _log = log;
    }

    /// <summary>The engine the last build ran on.</summary>
    public EngineInfo? Engine { get; private set; }

    public async Task<ImageBuildResult> BuildAsync(ImageBuildInput input, CancellationToken cancellationToken)
    {
        var engine = await _engine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        Engine = engine;
        _log.Connected(engine, input);

        await PullPrivateBaseImagesAsync(input, cancellationToken).ConfigureAwait(false);
        var (dockerfileEntry, extraFiles) = PlaceDockerfile(input);
        VerifyDockerfile(input);

        // Like the Docker CLI, send the Dockerfile even when a pattern excludes it: BuildKit reads it from the context.
        var rules = DockerIgnoreFile.ReadRules(input.ContextDirectory).WithAlwaysIncluded(dockerfileEntry);
        var request = new ImageBuildRequest
        {
            DockerfilePath = dockerfileEntry,
            Target = input.Target,
            // Tagged by TagAsync once the image passed its checks (the size budget): BuildKit would tag
            // it as soon as it is exported, and an image over budget must not look like a release.
            Tags = [],
            BuildArgs = input.BuildArgs,
            Platform = input.Platform,
            CacheFrom = input.CacheFrom,
            RegistryCredentials = input.RegistryCredentials,
        };

        using var buildCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pipe = new Pipe();
        var sending = Task.Run(
            async () =>
            {
                var sent = await SendContext(input.ContextDirectory, rules, extraFiles, pipe.Writer, buildCancellation.Token).ConfigureAwait(false);
                if (sent.Failure is not null)
                {
                    // The engine waits for the rest of a body that will not come, and the client for an
                    // answer: only cancelling the request ends both.
                    await buildCancellation.CancelAsync().ConfigureAwait(false);
                }

                return sent;
            },
            CancellationToken.None);

        var tracker = new BuildProgressTracker(_log) { KeptOutputLines = KeptFailureOutputLines };
        BuildResponseOutcome? outcome = null;
        Exception? requestFailure = null;
        try
        {
            using var heartbeat = new Timer(_ => tracker.Heartbeat(DateTimeOffset.UtcNow), null, HeartbeatInterval, HeartbeatInterval);
            using var response = await _engine.StartBuildAsync(pipe.Reader.AsStream(), request, buildCancellation.Token).ConfigureAwait(false);
            outcome = await BuildResponseReader.ReadAsync(response, tracker, buildCancellation.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Told apart below, once the sender has stopped: a context that could not be read ends the
            // request too, and then that is the cause to report.
            requestFailure = e;
        }
        finally
        {
            // A build that failed early leaves the sender blocked on a full pipe: stop it before waiting.
            buildCancellation.Cancel();
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        }

        var (sent, contextFailure) = await sending.ConfigureAwait(false);
        if (contextFailure is not null)
        {
            throw contextFailure;
        }

        switch (requestFailure)
        {
            case null:
                break;
            case DockerApiException e:
                throw new ContainerStagesException("EngineRequestFailed", engine.Endpoint, FirstLine(e.ResponseBody ?? e.Message));
            case IOException or HttpRequestException when !cancellationToken.IsCancellationRequested:
                if (await EngineOutOfSpace.ProbeAsync(_engine, cancellationToken).ConfigureAwait(false) is { } full)
                {
                    throw await OutOfSpaceAsync(engine, full, cancellationToken).ConfigureAwait(false);
                }

                // The engine died or dropped the connection mid-build; BuildKit tags only on success.
                throw new ContainerStagesException("EngineConnectionLost", engine.Endpoint, ConnectionLossReason(requestFailure));
            default:
                ExceptionDispatchInfo.Throw(requestFailure);
                break;
        }

        if (sent is not null)
        {
            foreach (string path in sent.LeftOut)
            {
                _log.ContextEntryLeftOut(path);
            }

            _log.ContextSent(input.ContextDirectory, sent.FileCount, sent.FileBytes);
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Checked again once it was sent: another publish of the project may have rewritten it meanwhile.
        VerifyDockerfile(input);
        var summary = outcome!.Summary;
        if (!outcome.Succeeded)
        {
            if (EngineOutOfSpace.FindReason(outcome) is { } full)
            {
                throw await OutOfSpaceAsync(engine, full, cancellationToken).ConfigureAwait(false);
            }

            throw Failure(input, outcome);
        }

        _log.StepSummary(summary.CachedSteps, summary.TotalSteps);
        var image = await _engine.InspectImageAsync(outcome.ImageId!, cancellationToken).ConfigureAwait(false);
        return new ImageBuildResult(image.Id, image.Size, input.ImageReferences, summary);
    }

    /// <summary>Points every requested reference at the built image.</summary>
    public async Task TagAsync(ImageBuildResult result, CancellationToken cancellationToken)
    {
        foreach (string reference in result.ImageReferences)
        {
            try
            {
                var (repository, tag) = ImageReference.Split(reference);
                await _engine.TagImageAsync(result.ImageId, repository, tag, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException e)
            {
                throw new ContainerStagesException("EngineRequestFailed", Engine?.Endpoint, FirstLine(e.ResponseBody ?? e.Message));
            }
        }
    }

    /// <summary>
    /// The engine's BuildKit (dockerd 20.10 and later so far) ignores X-Registry-Config without a client
    /// session, but takes a FROM image it already has: so the base images of registries with a login
    /// are pulled first, through the image API that does take credentials. A failed pull is left to the
    /// build, whose error names the image and the property that set it.
    /// </summary>
    private async Task PullPrivateBaseImagesAsync(ImageBuildInput input, CancellationToken cancellationToken)
    {
        foreach (string image in input.ImageProperties.Keys)
        {
            string registry = RegistryCredentialResolver.ServerAddress(RegistryCredentialResolver.RegistryOf(image));
            if (input.RegistryCredentials.TryGetValue(registry, out var credentials) && await _engine.TryInspectImageAsync(image, cancellationToken).ConfigureAwait(false) is null)
            {
                string? error = await _engine.PullImageAsync(image, credentials, cancellationToken).ConfigureAwait(false);
                _log.BaseImagePulled(image, error);
            }
        }
    }

    /// <returns>What was sent; or the coded failure that stopped it (a file that cannot be read), which the build then reports.</returns>
    private static async Task<(BuildContextTarResult? Sent, ContainerStagesException? Failure)> SendContext(
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
            return (result, null);
        }
        catch (ContainerStagesException e)
        {
            // Ending the body with an error aborts the request: the engine never sees half a context as a whole one.
            await writer.CompleteAsync(e).ConfigureAwait(false);
            return (null, e);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            // The engine stopped reading (the build failed or was cancelled): its answer says why.
            await writer.CompleteAsync(e).ConfigureAwait(false);
            return (null, null);
        }
    }

    private async Task<ContainerStagesException> OutOfSpaceAsync(EngineInfo engine, string reason, CancellationToken cancellationToken)
    {
        string dataRoot = await _engine.GetDataRootAsync(cancellationToken).ConfigureAwait(false) ?? "its data root";
        return new ContainerStagesException("EngineOutOfSpace", engine.Endpoint, dataRoot, reason);
    }

    /// <summary>What broke the connection, in words: the client's own message for an answer cut off is about HTTP chunks.</summary>
    private static string ConnectionLossReason(Exception failure)
    {
        string message = failure.GetBaseException().Message;
        return message.StartsWith("Invalid chunk header", StringComparison.Ordinal) || message.Contains("ended prematurely", StringComparison.Ordinal)
            ? "the engine closed it in the middle of its answer: it stopped or restarted"
            : message;
    }

    /// <summary>
    /// Two publishes of one project at once (Visual Studio and a terminal, with different settings) write
    /// the same Dockerfile: a build must not send the other one's and tag it as its own.
    /// </summary>
    private static void VerifyDockerfile(ImageBuildInput input)
    {
        if (input.ExpectedDockerfileSha256 is not { } expected)
        {
            return;
        }

        byte[] content;
        try
        {
            content = File.ReadAllBytes(input.DockerfilePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            content = [];
        }

        if (!string.Equals(DockerfileHash.Of(content), expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new ContainerStagesException("DockerfileChangedDuringPublish", input.DockerfilePath) { File = input.DockerfilePath };
        }
    }

    private static (string EntryName, IReadOnlyList<BuildContextExtraFile> ExtraFiles) PlaceDockerfile(ImageBuildInput input)
    {
        if (ContextPaths.IsUnder(input.DockerfilePath, input.ContextDirectory))
        {
            return (ContextPaths.Relative(input.ContextDirectory, input.DockerfilePath), []);
        }

        return (OutsideDockerfileEntryName, [new BuildContextExtraFile(OutsideDockerfileEntryName, File.ReadAllBytes(input.DockerfilePath))]);
    }

    private static ContainerStagesException Failure(ImageBuildInput input, BuildResponseOutcome outcome)
    {
        string? dockerfile = File.Exists(input.DockerfilePath) ? File.ReadAllText(input.DockerfilePath) : null;

        // A FROM image that cannot be had fails in BuildKit's "load metadata" step or before any step.
        string everything = $"{outcome.FailedStep?.StepName}: {outcome.FailedStep?.Error}\n{outcome.ErrorMessage}";
        if (BaseImageFailure.FindImage(everything, input.ImageProperties.Keys) is { } image)
        {
            return new ContainerStagesException("BaseImageUnavailable", image, LastClause(outcome.FailedStep?.Error ?? outcome.ErrorMessage ?? string.Empty), input.ImageProperties[image])
            {
                File = input.DockerfilePath,
                Line = dockerfile is null ? 0 : DockerfileStageReader.FindFromLine(dockerfile, image),
            };
        }

        if (outcome.FailedStep is { } step)
        {
            int line = dockerfile is null ? 0 : DockerfileStepLocator.FindLine(dockerfile, step.StepName);

            // The generated Dockerfile works in /src; for the user's own, the parser finds the files by their tails.
            string? containerRoot = dockerfile is not null && DockerfileHeader.IsGenerated(dockerfile) ? DockerfileWriter.SourceRoot : null;
            var diagnostics = BuildDiagnosticParser.Parse(step.LastOutputLines, input.ContextDirectory, containerRoot);
            if (step.StepName.StartsWith($"[{DockerfileStages.Test} ", StringComparison.Ordinal) && FailedTests.Find(step.LastOutputLines) is { Count: > 0 } failedTests)
            {
                return new ContainerStagesException("TestsFailed", string.Join(", ", failedTests))
                {
                    File = input.DockerfilePath,
                    Line = line,
                    Diagnostics = diagnostics,
                };
            }

            var quoted = step.LastOutputLines.TakeLast(QuotedOutputLines).ToList();
            string output = quoted.Count == 0
                ? string.Empty
                : Environment.NewLine + string.Join(Environment.NewLine, quoted.Select(l => "  " + l));
            if (step.StepName.StartsWith($"[{Node.NodeStages.Test} ", StringComparison.Ordinal) && IsNodeTestStep(step.StepName))
            {
                return new ContainerStagesException("NodeTestStageFailed", step.StepName, output)
                {
                    File = input.DockerfilePath,
                    Line = line,
                };
            }

            return new ContainerStagesException("BuildStepFailed", step.StepName, step.Error, output)
            {
                File = input.DockerfilePath,
                Line = line,
                Diagnostics = diagnostics,
            };
        }

        if (outcome.ErrorMessage is not { } message)
        {
            return new ContainerStagesException("BuildEndedWithoutImage");
        }

        return new ContainerStagesException("BuildFailed", message) { File = input.DockerfilePath };
    }

    private static bool IsNodeTestStep(string stepName) =>
        stepName.Contains("npm test", StringComparison.Ordinal)
        || stepName.Contains("pnpm test", StringComparison.Ordinal)
        || stepName.Contains("yarn test", StringComparison.Ordinal);

    /// <summary>The innermost reason of a Go error chain ("a: b: no such host" gives "no such host").</summary>
    private static string LastClause(string message)
    {
        int colon = message.LastIndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? message : message[(colon + 2)..];
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
