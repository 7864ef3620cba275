using System.Formats.Tar;
using System.Text;
using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Engine;

/// <summary>
/// Tells a build that failed because the engine's disk is full from other failures, so the error says
/// so and where, instead of a failed step or a broken connection.
/// </summary>
/// <remarks>
/// A full data root shows in three ways: a step's own output (a RUN that writes), BuildKit's error
/// (a snapshot or its metadata that cannot be written), or, most often, the engine dropping the
/// connection while the context is still being sent: it answers with the reason, but the client is
/// still writing and only sees a broken pipe. For that last case a context of one file is sent
/// afterwards, which the engine fails to store the same way, and says why.
/// </remarks>
internal static class EngineOutOfSpace
{
    private const string NoSpace = "no space left on device";

    // Never a stage of any Dockerfile: the probe must not build anything.
    private const string ProbeTarget = "containerstages-out-of-space-probe";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The line that says the disk is full, from the failed step's output or the build's error; null when nothing does.</summary>
    public static string? FindReason(BuildResponseOutcome outcome)
    {
        var lines = new List<string>();
        if (outcome.FailedStep is { } step)
        {
            lines.AddRange(step.LastOutputLines);
            lines.Add(step.Error);
        }

        if (outcome.ErrorMessage is { } message)
        {
            lines.Add(message);
        }

        return lines.LastOrDefault(l => l.Contains(NoSpace, StringComparison.OrdinalIgnoreCase))?.Trim();
    }

    /// <summary>After a broken connection: whether the engine still answers, and refuses a one-file context for want of space.</summary>
    public static async Task<string?> ProbeAsync(IContainerEngine engine, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var context = new MemoryStream();
            using (var writer = new TarWriter(context, TarEntryFormat.Gnu, leaveOpen: true))
            {
                using var dockerfile = new MemoryStream(Encoding.UTF8.GetBytes("FROM scratch\n"));
                writer.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = dockerfile, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
            }

            context.Position = 0;
            var request = new ImageBuildRequest { DockerfilePath = "Dockerfile", Target = ProbeTarget, Tags = [] };
            using var response = await engine.StartBuildAsync(context, request, timeout.Token).ConfigureAwait(false);
            var outcome = await BuildResponseReader.ReadAsync(response, new BuildProgressTracker(NoProgress.Instance), timeout.Token).ConfigureAwait(false);
            return FindReason(outcome);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The probe only adds a reason when it finds one; the broken connection stays the error otherwise.
            return null;
        }
    }

    private sealed class NoProgress : IBuildProgressSink
    {
        public static NoProgress Instance { get; } = new();

        public void OnStep(BuildStepEvent step)
        {
        }

        public void OnLog(BuildLogEvent log)
        {
        }

        public void OnWarning(BuildWarningEvent warning)
        {
        }
    }
}
