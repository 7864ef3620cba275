using System.Collections.Concurrent;
using System.Globalization;
using ContainerStages.Engine;
using ContainerStages.Engine.Session;
using ContainerStages.Secrets;
using ContainerStages.TestResults;
using ContainerStages.Reporting;
using ContainerStages.Registry;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ContainerStages.DockerConfig;
using ContainerStages.Pipeline;
using ContainerStages.Inputs;
using ContainerStages.Resources;

namespace ContainerStages.Tasks;

/// <summary>
/// Builds the chosen stage of the Dockerfile with BuildKit through the Docker Engine API, holds it
/// to the size budget, tags it, and reports its size and where its bytes are. Cancelling the build
/// (Ctrl+C) aborts the engine's build request.
/// </summary>
public sealed class BuildContainerStagesImage : ContainerStagesEngineTask
{
    [Required] public string ContextDirectory { get; set; } = string.Empty;

    [Required] public string DockerfilePath { get; set; } = string.Empty;

    /// <summary>The Dockerfile stage to build (the build's --target); empty builds the last stage, as a plain docker build does.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>repository:tag references the image is tagged with once it built.</summary>
    [Required] public string[] ImageReferences { get; set; } = [];

    /// <summary>Build arguments, each name=value.</summary>
    public string[] BuildArgs { get; set; } = [];

    /// <summary>The build's platform (ContainerStagesPlatform), for example linux/arm64.</summary>
    public string? Platform { get; set; }

    /// <summary>Images whose layers seed the build cache (ContainerStagesCacheFrom).</summary>
    public string[] CacheFrom { get; set; } = [];

    /// <summary>The runtime stage's FROM (ContainerBaseImage or its default), named in the fix when it cannot be pulled.</summary>
    public string? BaseImage { get; set; }

    /// <summary>The build stages' FROM (ContainerStagesSdkImage or its default).</summary>
    public string? SdkImage { get; set; }

    /// <summary>ContainerStagesHostBuild=false: Publish skipped the host's compile, so this build is the only one.</summary>
    public bool HostBuildSkipped { get; set; }

    /// <summary>The plan the generation saved: whether the host's publish output fits the image.</summary>
    public string? PlanFile { get; set; }

    /// <summary>The folder this dotnet publish wrote (PublishDir); empty when the host did not publish.</summary>
    public string? HostPublishDirectory { get; set; }

    /// <summary>The image's time in seconds since 1970 (SOURCE_DATE_EPOCH), which the files sent from this machine get.</summary>
    public string? ImageTime { get; set; }

    /// <summary>ContainerStagesInlineCache: true or false; empty embeds BuildKit's inline cache only when ContainerStagesCacheFrom is used.</summary>
    public string? InlineCache { get; set; }

    /// <summary>ContainerStagesMaxImageSize: the largest image that may be tagged (120MB, 1.5GB, 120MiB or bytes).</summary>
    public string? MaxImageSize { get; set; }

    /// <summary>
    /// ContainerStagesSecret items: the id a RUN --mount=type=secret names, with File or
    /// EnvironmentVariable metadata saying where its value is (the value itself is never a parameter).
    /// </summary>
    public ITaskItem[] Secrets { get; set; } = [];

    /// <summary>Where relative secret files are found (the project's folder).</summary>
    public string? ProjectDirectory { get; set; }

    /// <summary>ContainerStagesNuGetCredential items (source, Username, PasswordEnvironmentVariable): with the NuGet config chain, the credentials of the secret nuget-credentials.</summary>
    public ITaskItem[] NuGetCredentials { get; set; } = [];

    /// <summary>ContainerStagesTestResultsDirectory: where the test stage's TRX files are written after the build, passing or failing; empty keeps them in the build.</summary>
    public string? TestResultsDirectory { get; set; }

    /// <summary>Where the test-run stage's attempt argument is kept (obj/), so a run after failed tests runs them again.</summary>
    public string? TestAttemptFile { get; set; }

    /// <summary>ContainerStagesSession: false builds without a BuildKit session (no secrets, session logins or exports).</summary>
    public bool UseSession { get; set; } = true;

    /// <summary>The folder of a Node.js app's package.json: its npm registries' credentials become the secret npm-credentials.</summary>
    public string? NpmPackageDirectory { get; set; }

    /// <summary>ContainerStagesNetwork: the network of the RUN steps, default, host or none.</summary>
    public string? Network { get; set; }

    /// <summary>ContainerStagesForwardSshAgent: RUN --mount=type=ssh reaches the agent of $SSH_AUTH_SOCK.</summary>
    public bool ForwardSshAgent { get; set; }

    /// <summary>Where the JSON size report is written (ContainerStagesReportFile); the full path comes back out.</summary>
    [Output] public string? ReportFile { get; set; }

    /// <summary>A Markdown file the size summary is appended to (ContainerStagesSummaryFile).</summary>
    public string? SummaryFile { get; set; }

    [Output] public string ImageId { get; private set; } = string.Empty;

    /// <summary>The engine's own size of the image, in bytes.</summary>
    [Output] public long ImageSize { get; private set; }

    /// <summary>One item per tag (the full reference), with ImageId and Size metadata.</summary>
    [Output] public ITaskItem[] BuiltImageReferences { get; private set; } = [];

    protected override void ExecuteOnEngine(CancellationToken cancellationToken)
    {
        if (HostBuildSkipped)
        {
            Log.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.HostBuildSkipped));
        }

        var plan = string.IsNullOrWhiteSpace(PlanFile) ? null : Planning.SavedBuildPlan.Read(PlanFile);
        var options = ReportOptions() with { SingleStageTarget = plan?.SingleStageTarget };
        string? network = NetworkMode.Parse(Network);
        var registryCredentials = FromImageCredentials();
        var contents = new BuildSessionContents
        {
            Secrets = BuildSecrets.Read(
                SecretSources(),
                ReadContainerStagesNuGetCredentials.Explicit(NuGetCredentials),
                ProjectDirectory ?? Directory.GetCurrentDirectory(),
                NullIfEmpty(NpmPackageDirectory),
                ProcessEnvironmentReader.Instance),
            RegistryLogins = SessionRegistryLogins.From(registryCredentials),
            SshAgentSocket = ForwardSshAgent ? SshAgentSocket() : null,
        };

        // A session is opened only when it has something to serve: with no secret, login, export or
        // agent the engine would only ask it for its health, and the helper process would cost an
        // all-cached build about 0.45 s (bench/session). Started first: the helper gets ready while
        // the engine is reached and the context is read.
        bool exportWanted = TestResultsExporter.Wanted(plan?.TestResultsStage, TestResultsDirectory);
        bool needsSession = contents.Secrets.Count > 0 || contents.RegistryLogins.Count > 0 || contents.SshAgentSocket is not null || exportWanted;
        var served = new ConcurrentQueue<(string Kind, string Detail)>();
        var sessions = UseSession && needsSession ? new BuildSessionHost(contents, ContextDirectory, (kind, detail) => served.Enqueue((kind, detail))) : null;
        try
        {
            using var engine = OpenEngine();
            var publisher = new ImagePipeline(engine, new MSBuildImageBuildLog(this), new MSBuildSizeReportLog(this), sessions);
            var input = new ImageBuildInput
            {
                ContextDirectory = ContextDirectory,
                DockerfilePath = DockerfilePath,
                Target = Target,
                ImageReferences = ImageReferences,
                ImageProperties = ImageProperties(),
                BuildArgs = BuildArgs.Append(TestAttempt.BuildArgument(TestAttemptFile)).OfType<string>()
                    .Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a.Length > 1 ? a[1] : string.Empty, StringComparer.Ordinal),
                Platform = string.IsNullOrWhiteSpace(Platform) ? null : Platform,
                CacheFrom = CacheFrom,
                InlineCache = string.IsNullOrWhiteSpace(InlineCache) ? CacheFrom.Length > 0 : string.Equals(InlineCache.Trim(), "true", StringComparison.OrdinalIgnoreCase),
                HostPublish = HostPublishInput(),
                RegistryCredentials = registryCredentials,
                NetworkMode = network,
                FailureReaders = Planning.ContainerStacks.FirstNamed(plan?.Stack),
            };
            bool exportResults = sessions is not null && exportWanted;
            try
            {
                publisher.PublishAsync(input, options, cancellationToken).GetAwaiter().GetResult();
            }
            catch (ContainerStagesException) when (exportResults && !cancellationToken.IsCancellationRequested)
            {
                // Failed tests fail the build; their results are what CI wants to show, so they come out first.
                ExportTestResults(engine, sessions!, input, plan!.TestResultsStage!, afterFailure: true, cancellationToken);
                throw;
            }

            if (exportResults)
            {
                ExportTestResults(engine, sessions!, input, plan!.TestResultsStage!, afterFailure: false, cancellationToken);
            }
        }
        finally
        {
            // Success, failure or Ctrl+C: the helper stops and its private folder goes.
            sessions?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            while (served.TryDequeue(out var request))
            {
                Log.LogMessageFromResources(MessageImportance.Low, nameof(Strings.SessionServed), SessionRequestName(request.Kind), request.Detail);
            }
        }
    }

    /// <summary>The host's publish output when the plan says it fits; otherwise why the app is built in the container.</summary>
    private HostPublishInput? HostPublishInput()
    {
        if (string.IsNullOrWhiteSpace(HostPublishDirectory) || string.IsNullOrWhiteSpace(PlanFile))
        {
            return null;
        }

        var plan = Planning.SavedBuildPlan.Read(PlanFile!).HostPublish;
        string directory = Path.GetFullPath(HostPublishDirectory);
        if (!plan.Usable)
        {
            if (plan.Reason is { } reason)
            {
                Log.LogMessageFromResources(MessageImportance.High, reason, plan.ReasonArguments.Cast<object?>().ToArray());
            }

            return null;
        }

        if (!Directory.Exists(directory))
        {
            Log.LogMessageFromResources(MessageImportance.High, nameof(Strings.HostPublishMissing), directory);
            return null;
        }

        DateTimeOffset? time = long.TryParse(ImageTime, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        return new HostPublishInput(directory, plan.Platform, plan.ExcludedFile, time);
    }

    private void ExportTestResults(IContainerEngine engine, BuildSessionHost sessions, ImageBuildInput input, string stage, bool afterFailure, CancellationToken cancellationToken)
    {
        string directory = Path.GetFullPath(TestResultsDirectory!);
        (IReadOnlyList<string> Files, int? ExitCode) exported;
        try
        {
            var builder = new ImageBuilder(engine, Pipeline.QuietImageBuildLog.Instance, sessions);
            exported = TestResultsExporter.ExportAsync(builder, input, stage, directory, cancellationToken).GetAwaiter().GetResult();
        }
        catch (ContainerStagesException error) when (afterFailure)
        {
            // The build's own error says what went wrong; this one only says why no results came.
            LogWarning(nameof(Strings.TestResultsNotExported), null, 0, Log.FormatResourceString(error.ResourceName, error.Arguments));
            return;
        }

        bool passed = exported.ExitCode == 0;
        if (!passed)
        {
            TestAttempt.Failed(TestAttemptFile);
        }

        Log.LogMessageFromResources(MessageImportance.High, nameof(Strings.TestResultsExported), exported.Files.Count, passed ? "passing" : "failing", directory);
    }

    private IEnumerable<SecretSource> SecretSources() =>
        Secrets.Select(item => new SecretSource(
            item.ItemSpec,
            NullIfEmpty(item.GetMetadata("File")),
            NullIfEmpty(item.GetMetadata("EnvironmentVariable"))));

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private string? SshAgentSocket()
    {
        string? socket = Environment.GetEnvironmentVariable("SSH_AUTH_SOCK");
        if (string.IsNullOrEmpty(socket))
        {
            LogWarning(nameof(Strings.SshAgentMissing), null, 0);
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
        if (!string.IsNullOrWhiteSpace(MaxImageSize))
        {
            budget = ByteSize.TryParse(MaxImageSize, out long bytes) ? bytes : throw new ContainerStagesException(nameof(Strings.MaxImageSizeInvalid), MaxImageSize);
        }

        ReportFile = string.IsNullOrWhiteSpace(ReportFile) ? null : Path.GetFullPath(ReportFile);
        return new SizeReportOptions
        {
            ReportFile = ReportFile,
            SummaryFile = string.IsNullOrWhiteSpace(SummaryFile) ? null : Path.GetFullPath(SummaryFile),
            MaxImageSize = budget,
            MaxImageSizeText = MaxImageSize?.Trim(),
        };
    }

    /// <summary>Logins for the registries of the base images and cache images, found as for a push but with the SDK's pull variables.</summary>
    private Dictionary<string, RegistryCredentials> FromImageCredentials()
    {
        var resolver = new RegistryCredentialResolver(ProcessEnvironmentReader.Instance, new CredentialHelperProcess());
        var credentials = new Dictionary<string, RegistryCredentials>(StringComparer.OrdinalIgnoreCase);
        var images = new[] { BaseImage, SdkImage }.Concat(CacheFrom).Where(i => !string.IsNullOrWhiteSpace(i));
        foreach (string registry in images.Select(i => RegistryCredentialResolver.RegistryOf(i!)).Distinct(StringComparer.OrdinalIgnoreCase))
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
                Log.LogMessageFromResources(MessageImportance.Low, nameof(Strings.BuildRegistryCredentials), registry, found.Source);
            }
        }

        return credentials;
    }

    private Dictionary<string, string> ImageProperties()
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(BaseImage))
        {
            properties.TryAdd(BaseImage, "ContainerBaseImage");
        }

        if (!string.IsNullOrWhiteSpace(SdkImage))
        {
            properties.TryAdd(SdkImage, "ContainerStagesSdkImage");
        }

        return properties;
    }

    internal void ReportBuilt(ImageBuildResult result)
    {
        ImageId = result.ImageId;
        ImageSize = result.Size;
        BuiltImageReferences = result.ImageReferences.Select(reference =>
        {
            var item = new Microsoft.Build.Utilities.TaskItem(reference);
            item.SetMetadata("ImageId", result.ImageId);
            item.SetMetadata("Size", result.Size.ToString(CultureInfo.InvariantCulture));
            return (ITaskItem)item;
        }).ToArray();

        Log.LogMessageFromResources(
            MessageImportance.High,
            nameof(Strings.ImageBuilt),
            result.ImageReferences[0],
            Target.Length > 0 ? Target : "(last)",
            (result.Size / 1_000_000d).ToString("0.0", CultureInfo.InvariantCulture),
            result.Size.ToString("N0", CultureInfo.InvariantCulture));
        foreach (string other in result.ImageReferences.Skip(1))
        {
            Log.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.ImageTagged), result.ImageId, other);
        }
    }

    internal TaskLoggingHelper Logger => Log;
}
