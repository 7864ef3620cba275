using System.Collections.Concurrent;
using System.Globalization;
using ContainerStages.DockerConfig;
using ContainerStages.Dockerfile;
using ContainerStages.Engine;
using ContainerStages.Engine.BuildKit;
using ContainerStages.Engine.Session;
using ContainerStages.Inputs;
using ContainerStages.Naming;
using ContainerStages.NuGetCredentials;
using ContainerStages.Planning;
using ContainerStages.Registry;
using ContainerStages.Reporting;
using ContainerStages.Resources;
using ContainerStages.Secrets;
using ContainerStages.TestResults;

namespace ContainerStages.Pipeline;

/// <summary>
/// The build step of a publish: the saved plan and this publish's settings become the engine's build
/// request, with the session that serves its secrets, logins and exports when it needs one; the
/// pipeline builds, measures and tags; the tests' results come out, passing or failing.
/// </summary>
internal sealed class ImageBuildJob
{
    private readonly SavedBuildPlan _plan;
    private readonly BuildSettings _settings;
    private readonly ICodedLog _log;

    public ImageBuildJob(SavedBuildPlan plan, BuildSettings settings, ICodedLog log)
    {
        _plan = plan;
        _settings = settings;
        _log = log;
    }

    /// <param name="openEngine">The engine, opened once the inputs are checked.</param>
    /// <returns>The image built, or for a multi-platform publish one image per platform, in the plan's order.</returns>
    public IReadOnlyList<PlatformImage> Run(Func<IContainerEngine> openEngine, IImageBuildLog buildLog, ISizeReportLog reportLog, CancellationToken cancellationToken)
    {
        if (_settings.HostBuildSkipped)
        {
            _log.Message(LogImportance.Normal, nameof(Strings.HostBuildSkipped));
        }

        var options = ReportOptions();
        string? network = NetworkMode.Parse(_settings.Network);
        var registryCredentials = FromImageCredentials();
        var input = Input(registryCredentials, network);
        bool exportWanted = TestResultsExporter.Wanted(_plan.TestResultsStage, _settings.TestResultsDirectory);
        var contents = new BuildSessionContents
        {
            Secrets = BuildSecrets.Read(
                _settings.Secrets.Select(s => new SecretSource(s.Spec, s.Get("File"), s.Get("EnvironmentVariable"))),
                _settings.NuGetCredentials.Select(c => new ExplicitNuGetCredential(c.Spec, c.Get("Username") ?? string.Empty, c.Get("PasswordEnvironmentVariable") ?? string.Empty)),
                _settings.ProjectDirectory,
                SettingValue.NonEmpty(_settings.NpmPackageDirectory),
                ProcessEnvironmentReader.Instance,
                MountedSecretIds(input, exportWanted)),
            RegistryLogins = SessionRegistryLogins.From(registryCredentials),
            SshAgentSocket = _settings.ForwardSshAgent ? SshAgentSocket() : null,
        };

        // A session is opened only when it has something to serve: with no secret, login, export or
        // agent the engine would only ask it for its health, and the helper process would cost an
        // all-cached build about 0.45 s (bench/session).
        bool needsSession = contents.Secrets.Count > 0 || contents.RegistryLogins.Count > 0 || contents.SshAgentSocket is not null || exportWanted;
        using var engine = openEngine();
        var check = CheckUnchanged(engine, input, options, exportWanted, cancellationToken);
        if (check?.Unchanged is { } unchanged)
        {
            _log.Message(LogImportance.High, nameof(Strings.ImageKept), unchanged.References[0], _plan.Target.Length > 0 ? _plan.Target : "(last)",
                ByteSize.Megabytes(unchanged.Size), ByteSize.Bytes(unchanged.Size));
            _log.Message(LogImportance.Normal, nameof(Strings.ImageUnchanged), string.Join(", ", unchanged.References), unchanged.ImageId);
            return [new PlatformImage(null, new ImageBuildResult(unchanged.ImageId, unchanged.Size, unchanged.References, new BuildProgressSummary([])))];
        }

        var served = new ConcurrentQueue<(string Kind, string Detail)>();
        var sessions = _settings.UseSession && needsSession
            ? new BuildSessionHost(contents, _plan.ContextDirectory, (kind, detail) => served.Enqueue((kind, detail)))
            : null;
        try
        {
            bool exportResults = sessions is not null && exportWanted;
            var pipeline = new ImagePipeline(engine, buildLog, reportLog, sessions);
            IReadOnlyList<PlatformImage> result;
            try
            {
                result = _plan.Platforms.Count > 1
                    ? BuildPlatforms(pipeline, engine, input, options, cancellationToken)
                    : [new PlatformImage(null, pipeline.PublishAsync(input, options, cancellationToken).GetAwaiter().GetResult().Result)];
            }
            catch (ContainerStagesException) when (exportResults && !cancellationToken.IsCancellationRequested)
            {
                // Failed tests fail the build; their results are what CI wants to show, so they come out first.
                ExportTestResults(engine, sessions!, input, afterFailure: true, cancellationToken);
                throw;
            }

            if (exportResults)
            {
                ExportTestResults(engine, sessions!, input, afterFailure: false, cancellationToken);
            }

            check?.RecordFor(result[0].Result)?.TryWrite(_settings.ImageRecordFile!);
            return result;
        }
        finally
        {
            // Success, failure or Ctrl+C: the helper stops and its private folder goes.
            sessions?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            while (served.TryDequeue(out var request))
            {
                _log.Message(LogImportance.Low, nameof(Strings.SessionServed), SessionRequestName(request.Kind), request.Detail);
            }
        }
    }

    /// <summary>
    /// A publish with nothing changed keeps the image the last one built (ContainerStagesSkipUnchangedImage):
    /// for one platform, when no test results are to come out and no summary is to be written, which only a build gives.
    /// </summary>
    /// <returns>Null when the check does not apply.</returns>
    private UnchangedImageCheckResult? CheckUnchanged(IContainerEngine engine, ImageBuildInput input, SizeReportOptions options, bool exportWanted, CancellationToken cancellationToken)
    {
        if (!_settings.SkipUnchangedImage || SettingValue.NonEmpty(_settings.ImageRecordFile) is null || _plan.Platforms.Count > 1 || exportWanted || options.SummaryFile is not null)
        {
            return null;
        }

        UnchangedImageCheckResult check;
        try
        {
            check = UnchangedImageCheck.RunAsync(engine, input, options, _settings.ImageRecordFile!, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not (OperationCanceledException or ContainerStagesException))
        {
            // An engine answer that cannot be read: the build asks it again and reports what fails, with its code.
            _log.Message(LogImportance.Low, nameof(Strings.ImageNotUnchanged), $"the engine's answer to the check could not be read ({e.GetBaseException().Message})");
            return null;
        }

        if (check.Reason is { } reason)
        {
            _log.Message(LogImportance.Low, nameof(Strings.ImageNotUnchanged), reason);
        }

        return check;
    }

    /// <summary>
    /// One image per platform, each under its own tags with the platform as suffix (app:1.0-arm64): the
    /// engine keeps one image per tag, so the index that joins them lives in a registry or an archive.
    /// Every platform is built, measured and held to the budget before any is tagged.
    /// </summary>
    private List<PlatformImage> BuildPlatforms(ImagePipeline pipeline, IContainerEngine engine, ImageBuildInput input, SizeReportOptions options, CancellationToken cancellationToken)
    {
        _log.Message(LogImportance.High, nameof(Strings.SeveralPlatformsBuilt), _plan.Platforms.Count, string.Join(", ", _plan.Platforms));
        var built = new List<(PlatformImage Image, ImageSizeReport Report)>();
        try
        {
            foreach (string platform in _plan.Platforms)
            {
                var platformInput = input with
                {
                    Platform = platform,
                    ImageReferences = input.ImageReferences.Select(r => PlatformReference(r, platform)).ToList(),
                };

                // The single-stage comparison once: the SDK stages run on the build machine's platform for every image.
                var platformOptions = options with { ReportFile = null, SummaryFile = null, SingleStageTarget = built.Count == 0 ? options.SingleStageTarget : null };
                var (result, report) = pipeline.PublishAsync(platformInput, platformOptions, cancellationToken, tag: false).GetAwaiter().GetResult();
                built.Add((new PlatformImage(platform, result), report));
            }
        }
        catch
        {
            // Nothing was tagged yet: the images of the platforms that did build go again.
            foreach (var (image, _) in built)
            {
                engine.RemoveUntaggedImageAsync(image.Result.ImageId, CancellationToken.None).GetAwaiter().GetResult();
            }

            throw;
        }

        foreach (var (image, report) in built)
        {
            pipeline.TagAsync(image.Result, report, cancellationToken).GetAwaiter().GetResult();
        }

        pipeline.WritePlatformReports(built.Select(b => (b.Image.Platform!, b.Report)).ToList(), options.ReportFile, options.SummaryFile);
        if (!_settings.IndexDestination)
        {
            _log.Message(LogImportance.High, nameof(Strings.NoLocalImageIndex), string.Join(", ", input.ImageReferences), string.Join(", ", _plan.Platforms.Select(ImagePlatform.TagSuffix)));
        }

        return built.Select(b => b.Image).ToList();
    }

    /// <summary>
    /// The secrets the steps of this build mount, the host's files taken where they fit whatever the engine
    /// (portable files, or the plan's own platform); null when the Dockerfile cannot tell.
    /// </summary>
    private IReadOnlyList<string>? MountedSecretIds(ImageBuildInput input, bool exportWanted)
    {
        var args = input.BuildArgsFor(input.HostPublish is { } host && (host.Platform is null || (input.Platform is { } platform && host.Fits(platform))));

        string text;
        try
        {
            text = File.ReadAllText(input.DockerfilePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The build reads it again and says what is wrong, with its code.
            return null;
        }

        var targets = exportWanted ? [input.Target, _plan.TestResultsStage!] : new[] { input.Target };
        var ids = new List<string>();
        foreach (string target in targets)
        {
            if (DockerfileBuildInputs.Find(text, target, args) is not { } reads)
            {
                return null;
            }

            ids.AddRange(reads.SecretIds);
        }

        return ids;
    }

    /// <summary>repository:tag-suffix, the tag of one platform's image.</summary>
    internal static string PlatformReference(string reference, string platform)
    {
        var (repository, tag) = ImageReference.Split(reference);
        return $"{repository}:{tag}-{ImagePlatform.TagSuffix(platform)}";
    }

    /// <summary>The full path of the JSON report, once <see cref="Run"/> has checked it; null for none.</summary>
    public string? ReportFile => SettingValue.NonEmpty(_settings.ReportFile) is { } file ? Path.GetFullPath(file) : null;

    private ImageBuildInput Input(IReadOnlyDictionary<string, RegistryCredentials> registryCredentials, string? network) => new()
    {
        ContextDirectory = _plan.ContextDirectory,
        DockerfilePath = _plan.DockerfilePath,
        ExpectedDockerfileSha256 = _plan.DockerfileSha256,
        Target = _plan.Target,
        ImageReferences = _plan.ImageReferences,
        ImageProperties = ImageProperties(),
        BuildArgs = BuildArgs(),
        Platform = SettingValue.NonEmpty(_plan.Platform),
        CacheFrom = _plan.CacheFrom,
        InlineCache = SettingValue.NonEmpty(_settings.InlineCache) is { } inline
            ? string.Equals(inline, "true", StringComparison.OrdinalIgnoreCase)
            : _plan.CacheFrom.Count > 0,
        HostPublish = HostPublishInput(),
        RegistryCredentials = registryCredentials,
        NetworkMode = network,
        FailureReaders = ContainerStacks.FirstNamed(_plan.Stack),
    };

    /// <summary>The plan's (BUILD_CONFIGURATION, the user's), this build's (time, commit) and the test attempt's.</summary>
    private Dictionary<string, string> BuildArgs()
    {
        var args = new Dictionary<string, string>(_plan.BuildArgs, StringComparer.Ordinal);
        foreach (string pair in _settings.BuildMetadataArgs.Append(TestAttempt.BuildArgument(_settings.TestAttemptFile)).OfType<string>())
        {
            string[] parts = pair.Split('=', 2);
            args[parts[0]] = parts.Length > 1 ? parts[1] : string.Empty;
        }

        return args;
    }

    /// <summary>The host's publish output when the plan says it fits; otherwise why the app is built in the container.</summary>
    private HostPublishInput? HostPublishInput()
    {
        if (SettingValue.NonEmpty(_settings.HostPublishDirectory) is not { } directory)
        {
            return null;
        }

        var hostPublish = _plan.HostPublish;
        if (!hostPublish.Usable)
        {
            if (hostPublish.Reason is { } reason)
            {
                _log.Message(LogImportance.High, reason, hostPublish.ReasonArguments.Cast<object?>().ToArray());
            }

            return null;
        }

        directory = Path.GetFullPath(directory);
        if (!Directory.Exists(directory))
        {
            _log.Message(LogImportance.High, nameof(Strings.HostPublishMissing), directory);
            return null;
        }

        DateTimeOffset? time = long.TryParse(_settings.ImageTime, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        return new HostPublishInput(directory, hostPublish.Platform, hostPublish.ExcludedFile, time);
    }

    private void ExportTestResults(IContainerEngine engine, BuildSessionHost sessions, ImageBuildInput input, bool afterFailure, CancellationToken cancellationToken)
    {
        string directory = Path.GetFullPath(_settings.TestResultsDirectory!);
        (IReadOnlyList<string> Files, int? ExitCode) exported;
        try
        {
            var builder = new ImageBuilder(engine, QuietImageBuildLog.Instance, sessions);
            exported = TestResultsExporter.ExportAsync(builder, input, _plan.TestResultsStage!, directory, cancellationToken).GetAwaiter().GetResult();
        }
        catch (ContainerStagesException error) when (afterFailure)
        {
            // The build's own error says what went wrong; this one only says why no results came.
            _log.Warning(nameof(Strings.TestResultsNotExported), null, error.Text);
            return;
        }

        bool passed = exported.ExitCode == 0;
        if (!passed)
        {
            TestAttempt.Failed(_settings.TestAttemptFile);
        }

        _log.Message(LogImportance.High, nameof(Strings.TestResultsExported), exported.Files.Count, passed ? "passing" : "failing", directory);
    }

    private string? SshAgentSocket()
    {
        string? socket = Environment.GetEnvironmentVariable("SSH_AUTH_SOCK");
        if (string.IsNullOrEmpty(socket))
        {
            _log.Warning(nameof(Strings.SshAgentMissing), null);
            return null;
        }

        return socket;
    }

    private static string SessionRequestName(string kind) => kind switch
    {
        "secret" => "the secret",
        "secret-missing" => "a secret it does not have,",
        "credentials" => "the registry login of",
        "credentials-none" => "a registry login it does not have (anonymous),",
        "export" => "an export, bytes received:",
        "ssh" or "ssh-check" => "the ssh agent, id",
        _ => kind,
    };

    /// <summary>Checked before anything is built, so a typo in the budget costs no build.</summary>
    private SizeReportOptions ReportOptions()
    {
        long? budget = null;
        if (SettingValue.NonEmpty(_settings.MaxImageSize) is { } maxImageSize)
        {
            budget = ByteSize.TryParse(maxImageSize, out long bytes) ? bytes : throw new ContainerStagesException(nameof(Strings.MaxImageSizeInvalid), maxImageSize);
        }

        return new SizeReportOptions
        {
            ReportFile = ReportFile,
            SummaryFile = SettingValue.NonEmpty(_settings.SummaryFile) is { } summary ? Path.GetFullPath(summary) : null,
            MaxImageSize = budget,
            MaxImageSizeText = _settings.MaxImageSize?.Trim(),
            SingleStageTarget = _plan.SingleStageTarget,
            SingleStageBaseStage = _plan.SingleStageBaseStage,
        };
    }

    /// <summary>Logins for the registries of the base images and cache images, found as for a push but with the SDK's pull variables.</summary>
    private Dictionary<string, RegistryCredentials> FromImageCredentials()
    {
        var resolver = new RegistryCredentialResolver(ProcessEnvironmentReader.Instance, new CredentialHelperProcess());
        var credentials = new Dictionary<string, RegistryCredentials>(StringComparer.OrdinalIgnoreCase);
        var images = new[] { _plan.BaseImage, _plan.SdkImage }.Concat(_plan.CacheFrom).Where(i => !string.IsNullOrWhiteSpace(i));
        foreach (string registry in images.Select(RegistryCredentialResolver.RegistryOf).Distinct(StringComparer.OrdinalIgnoreCase))
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
                _log.Message(LogImportance.Low, nameof(Strings.BuildRegistryCredentials), registry, found.Source);
            }
        }

        return credentials;
    }

    private Dictionary<string, string> ImageProperties()
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(_plan.BaseImage))
        {
            properties.TryAdd(_plan.BaseImage, "ContainerBaseImage");
        }

        if (!string.IsNullOrWhiteSpace(_plan.SdkImage))
        {
            properties.TryAdd(_plan.SdkImage, "ContainerStagesSdkImage");
        }

        return properties;
    }
}
