using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using ContainerStages.Context;
using ContainerStages.DockerConfig;
using ContainerStages.Dockerfile;
using ContainerStages.Engine;
using ContainerStages.Engine.BuildKit;
using ContainerStages.Engine.Session;
using ContainerStages.Naming;
using ContainerStages.Registry;
using ContainerStages.Resources;
using ContainerStages.Stacks;
using Docker.DotNet;

namespace ContainerStages.Pipeline;

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

    // BuildKit's tar exporter, the one output the engine's BuildKit streams back through the session.
    private const string TarOutput = """[{"type":"tar"}]""";

    private readonly IContainerEngine _engine;
    private readonly IImageBuildLog _log;
    private readonly BuildSessionHost? _sessions;

    /// <param name="sessions">Serves each build a BuildKit session (secrets, registry logins, exports); null builds without.</param>
    public ImageBuilder(IContainerEngine engine, IImageBuildLog log, BuildSessionHost? sessions = null)
    {
        _engine = engine;
        _log = log;
        _sessions = sessions;
    }

    /// <summary>The engine the last build ran on.</summary>
    public EngineInfo? Engine { get; private set; }

    public async Task<ImageBuildResult> BuildAsync(ImageBuildInput input, CancellationToken cancellationToken)
    {
        var (outcome, usedHostPublish) = await RunAsync(input, export: false, cancellationToken).ConfigureAwait(false);
        var summary = outcome.Summary;
        if (!outcome.Succeeded)
        {
            throw await FailureAsync(input, outcome, cancellationToken).ConfigureAwait(false);
        }

        _log.StepSummary(summary.CachedSteps, summary.TotalSteps);
        var image = await _engine.InspectImageAsync(outcome.ImageId!, cancellationToken).ConfigureAwait(false);
        return new ImageBuildResult(image.Id, image.Size, input.ImageReferences, summary, usedHostPublish);
    }

    /// <summary>
    /// Builds the target stage and has BuildKit's tar exporter send its files through the session
    /// instead of making an image; the stream is written to the session helper's export file.
    /// </summary>
    /// <returns>The exported tar's path, in the helper's private folder: read it before the host is disposed.</returns>
    public async Task<string> ExportAsync(ImageBuildInput input, CancellationToken cancellationToken)
    {
        var (outcome, _) = await RunAsync(input, export: true, cancellationToken).ConfigureAwait(false);
        if (outcome.ErrorMessage is not null || outcome.FailedStep is not null)
        {
            throw await FailureAsync(input, outcome, cancellationToken).ConfigureAwait(false);
        }

        _log.StepSummary(outcome.Summary.CachedSteps, outcome.Summary.TotalSteps);
        string path = _sessions!.ExportPath!;
        return File.Exists(path) ? path : throw new ContainerStagesException(nameof(Strings.BuildEndedWithoutImage));
    }

    /// <returns>BuildKit's answer, and whether the app came from the host's publish output.</returns>
    private async Task<(BuildResponseOutcome Outcome, bool UsedHostPublish)> RunAsync(ImageBuildInput input, bool export, CancellationToken cancellationToken)
    {
        var run = await RunOnceAsync(input, export, pullFirst: false, cancellationToken).ConfigureAwait(false);
        if ((run.Outcome.ErrorMessage is not null || run.Outcome.FailedStep is not null) && _sessions is not null && PrivateBaseImageFailed(input, run.Outcome))
        {
            // The session had the login, yet BuildKit could not fetch the image: dockerd 20.10's BuildKit
            // talks plain HTTP to any registry on a loopback address and reads certs.d only when the
            // engine starts. The image API has neither limit, so the image is pulled through it and the
            // build runs again (all cached up to where it stopped).
            run = await RunOnceAsync(input, export, pullFirst: true, cancellationToken).ConfigureAwait(false);
        }

        return run;
    }

    /// <summary>All BuildKit said of a failure: the failed step and the build's error.</summary>
    private static string FailureText(BuildResponseOutcome outcome) => $"{outcome.FailedStep?.StepName}: {outcome.FailedStep?.Error}\n{outcome.ErrorMessage}";

    private static bool PrivateBaseImageFailed(ImageBuildInput input, BuildResponseOutcome outcome)
    {
        string everything = FailureText(outcome);
        return BaseImageFailure.FindImage(everything, input.ImageProperties.Keys) is { } image
            && input.RegistryCredentials.ContainsKey(RegistryCredentialResolver.ServerAddress(RegistryCredentialResolver.RegistryOf(image)));
    }

    private async Task<(BuildResponseOutcome Outcome, bool UsedHostPublish)> RunOnceAsync(ImageBuildInput input, bool export, bool pullFirst, CancellationToken cancellationToken)
    {
        var engine = await _engine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        Engine = engine;
        _log.Connected(engine, input);

        if (export && _sessions is null)
        {
            throw new InvalidOperationException("An export needs a session host.");
        }

        // The session ends with this build, whatever its end: success, failure or cancellation.
        await using var session = _sessions is null ? null : await _sessions.OpenAsync(_engine, engine, export, cancellationToken).ConfigureAwait(false);
        if (session is null || pullFirst)
        {
            // Without a session the engine's BuildKit has no registry logins: the pull-first workaround.
            await PullPrivateBaseImagesAsync(input, cancellationToken).ConfigureAwait(false);
        }

        _log.SessionOpened(session?.Id, _sessions?.RefusedReason);
        var (dockerfileEntry, extraFiles) = PlaceDockerfile(input);
        VerifyDockerfile(input);
        var buildArgs = new Dictionary<string, string>(input.BuildArgs, StringComparer.Ordinal);
        var overlays = new List<BuildContextOverlay>();
        bool usedHostPublish = false;
        if (input.HostPublish is { } host)
        {
            string imagePlatform = input.Platform ?? $"{engine.OperatingSystem}/{engine.Architecture}";
            if (host.Fits(imagePlatform))
            {
                overlays.Add(new BuildContextOverlay(PrebuiltApp.ContextDirectory, host.Directory, host.FileTime, host.ExcludedFile is null ? [] : [host.ExcludedFile]));
                buildArgs[PrebuiltApp.StageArgument] = PrebuiltApp.StageName;
                usedHostPublish = true;
                _log.HostPublishUsed(host.Directory);
            }
            else
            {
                _log.HostPublishForOtherPlatform(host.Directory, host.Platform!, imagePlatform);
            }
        }

        var rules = BuildContextScope.Rules(input, usedHostPublish, buildArgs);
        var request = new ImageBuildRequest
        {
            DockerfilePath = dockerfileEntry,
            Target = input.Target,
            // Tagged by TagAsync once the image passed its checks (the size budget): BuildKit would tag
            // it as soon as it is exported, and an image over budget must not look like a release.
            Tags = [],
            BuildArgs = buildArgs,
            Platform = input.Platform,
            CacheFrom = input.CacheFrom,
            InlineCache = input.InlineCache,
            RegistryCredentials = input.RegistryCredentials,
            SessionId = session?.Id,
            Outputs = export ? TarOutput : null,
            NetworkMode = input.NetworkMode,
        };

        using var buildCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pipe = new Pipe();
        var sending = Task.Run(
            async () =>
            {
                var sent = await SendContext(input.ContextDirectory, rules, extraFiles, overlays, pipe.Writer, buildCancellation.Token).ConfigureAwait(false);
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
                throw new ContainerStagesException(nameof(Strings.EngineRequestFailed), engine.Endpoint, FirstLine(e.ResponseBody ?? e.Message));
            case IOException or HttpRequestException when !cancellationToken.IsCancellationRequested:
                if (await EngineOutOfSpace.ProbeAsync(_engine, cancellationToken).ConfigureAwait(false) is { } full)
                {
                    throw await OutOfSpaceAsync(engine, full, cancellationToken).ConfigureAwait(false);
                }

                // The engine died or dropped the connection mid-build; BuildKit tags only on success.
                throw new ContainerStagesException(nameof(Strings.EngineConnectionLost), engine.Endpoint, ConnectionLossReason(requestFailure));
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
        return (outcome!, usedHostPublish);
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
                throw new ContainerStagesException(nameof(Strings.EngineRequestFailed), Engine?.Endpoint, FirstLine(e.ResponseBody ?? e.Message));
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
        string contextDirectory, DockerIgnoreRules rules, IReadOnlyList<BuildContextExtraFile> extraFiles, IReadOnlyList<BuildContextOverlay> overlays, PipeWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            BuildContextTarResult result;
            await using (var stream = writer.AsStream(leaveOpen: true))
            {
                result = BuildContextTar.Write(contextDirectory, rules, stream, extraFiles, overlays, cancellationToken);
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
        return new ContainerStagesException(nameof(Strings.EngineOutOfSpace), engine.Endpoint, dataRoot, reason);
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
            throw new ContainerStagesException(nameof(Strings.DockerfileChangedDuringPublish), input.DockerfilePath) { File = input.DockerfilePath };
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

    /// <summary>The coded error of a failed build: the engine out of disk space, else what the failed step says.</summary>
    private async Task<ContainerStagesException> FailureAsync(ImageBuildInput input, BuildResponseOutcome outcome, CancellationToken cancellationToken) =>
        EngineOutOfSpace.FindReason(outcome) is { } full
            ? await OutOfSpaceAsync(Engine!, full, cancellationToken).ConfigureAwait(false)
            : await BaseImageWithoutPlatformAsync(input, outcome, cancellationToken).ConfigureAwait(false) ?? Failure(input, outcome);

    /// <summary>For a build of a named platform: a base image that exists, but not for that platform.</summary>
    private async Task<ContainerStagesException?> BaseImageWithoutPlatformAsync(ImageBuildInput input, BuildResponseOutcome outcome, CancellationToken cancellationToken)
    {
        if (input.Platform is not { } platform)
        {
            return null;
        }

        string everything = FailureText(outcome);
        string? image = BaseImageFailure.FindImage(everything, input.ImageProperties.Keys);
        string reason;
        if (image is not null)
        {
            var local = await _engine.TryInspectImageAsync(image, cancellationToken).ConfigureAwait(false);
            if (!BaseImageFailure.IsOtherPlatform(local?.Platform, platform))
            {
                return null;
            }

            reason = $"the engine has it for {local!.Platform} only, and keeps one platform per tag";
        }
        else if (BaseImageFailure.IsPlatformMissingFromIndex(everything) && input.ImageProperties.Count > 0)
        {
            // The SDK stages run on the build machine's platform, so the image without the target's is the runtime base.
            image = input.ImageProperties.FirstOrDefault(p => p.Value == "ContainerBaseImage").Key ?? input.ImageProperties.Keys.First();
            reason = "its index names no image for that platform";
        }
        else
        {
            return null;
        }

        string? dockerfile = File.Exists(input.DockerfilePath) ? File.ReadAllText(input.DockerfilePath) : null;
        return new ContainerStagesException(nameof(Strings.BaseImageWithoutPlatform), image, platform, reason, input.ImageProperties[image])
        {
            File = input.DockerfilePath,
            Line = dockerfile is null ? 0 : DockerfileStageReader.FindFromLine(dockerfile, image),
        };
    }

    private static ContainerStagesException Failure(ImageBuildInput input, BuildResponseOutcome outcome)
    {
        string? dockerfile = File.Exists(input.DockerfilePath) ? File.ReadAllText(input.DockerfilePath) : null;

        // A FROM image that cannot be had fails in BuildKit's "load metadata" step or before any step.
        string everything = FailureText(outcome);
        if (BaseImageFailure.FindImage(everything, input.ImageProperties.Keys) is { } image)
        {
            return new ContainerStagesException(nameof(Strings.BaseImageUnavailable), image, LastClause(outcome.FailedStep?.Error ?? outcome.ErrorMessage ?? string.Empty), input.ImageProperties[image])
            {
                File = input.DockerfilePath,
                Line = dockerfile is null ? 0 : DockerfileStageReader.FindFromLine(dockerfile, image),
            };
        }

        if (outcome.FailedStep is { } step)
        {
            int line = dockerfile is null ? 0 : DockerfileStepLocator.FindLine(dockerfile, step.StepName);
            var failure = new FailedStepContext(step, dockerfile, input.DockerfilePath, input.ContextDirectory, line);

            // The plan's stack first: a test stage is called 'test' in every stack.
            if (input.FailureReaders.Select(stack => stack.ExplainFailure(failure)).FirstOrDefault(e => e is not null) is { } explained)
            {
                return explained;
            }

            var quoted = step.LastOutputLines.TakeLast(QuotedOutputLines).ToList();
            string output = quoted.Count == 0
                ? string.Empty
                : Environment.NewLine + string.Join(Environment.NewLine, quoted.Select(l => "  " + l));
            return new ContainerStagesException(nameof(Strings.BuildStepFailed), step.StepName, step.Error, output)
            {
                File = input.DockerfilePath,
                Line = line,
                Diagnostics = input.FailureReaders.SelectMany(stack => stack.Diagnostics(failure)).Distinct().ToList(),
            };
        }

        if (outcome.ErrorMessage is not { } message)
        {
            return new ContainerStagesException(nameof(Strings.BuildEndedWithoutImage));
        }

        return new ContainerStagesException(nameof(Strings.BuildFailed), message) { File = input.DockerfilePath };
    }

    /// <summary>The innermost reason of a Go error chain ("a: b: no such host" gives "no such host").</summary>
    private static string LastClause(string message)
    {
        int colon = message.LastIndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? message : message[(colon + 2)..];
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
