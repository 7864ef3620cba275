using System.Diagnostics;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// The process of a slow RUN step (<c>sleep 300 &amp;&amp; echo MARKER</c>), seen from the host: the engine
/// runs the step's container in this machine's process table, so its command line finds it.
/// </summary>
public static class SlowBuildStep
{
    /// <summary>The step's command for a Dockerfile: <c>RUN ... echo started &amp;&amp; {Command(marker)}</c>.</summary>
    public static string Command(string marker) => $"sleep 300 && echo {marker}";

    public static bool IsRunning(string marker) => ProcessRunner.Run("pgrep", ["-f", Command(marker)]).Succeeded;

    /// <summary>Waits until the step's process runs: the build logs the step's header before its container starts.</summary>
    public static bool WaitUntilRunning(string marker, TimeSpan timeout) => WaitFor(marker, running: true, timeout);

    /// <summary>Waits until the step's process is gone.</summary>
    public static bool WaitUntilGone(string marker, TimeSpan timeout) => WaitFor(marker, running: false, timeout);

    private static bool WaitFor(string marker, bool running, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (IsRunning(marker) != running && stopwatch.Elapsed < timeout)
        {
            Thread.Sleep(100);
        }

        return IsRunning(marker) == running;
    }
}
