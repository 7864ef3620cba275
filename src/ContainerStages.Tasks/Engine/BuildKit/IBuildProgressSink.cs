namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// Receives rendered build progress. Calls arrive one at a time (the tracker holds a lock while
/// calling), possibly on a timer thread for heartbeats; implementations must not call back into
/// the tracker.
/// </summary>
public interface IBuildProgressSink
{
    void OnStep(BuildStepEvent step);

    void OnLog(BuildLogEvent log);

    void OnWarning(BuildWarningEvent warning);
}
