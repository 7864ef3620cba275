using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Tests.Engine.BuildKit;

/// <summary>Collects everything the tracker emits, in order, for assertions.</summary>
internal sealed class RecordingProgressSink : IBuildProgressSink
{
    public List<object> Events { get; } = new();

    public IEnumerable<BuildStepEvent> Steps => Events.OfType<BuildStepEvent>();

    public IEnumerable<BuildLogEvent> Logs => Events.OfType<BuildLogEvent>();

    public IEnumerable<BuildWarningEvent> Warnings => Events.OfType<BuildWarningEvent>();

    /// <summary>Every emitted line's text, as a plain progress log would show it.</summary>
    public IReadOnlyList<string> Lines => Events.Select(e => e switch
    {
        BuildStepEvent step => step.Text,
        BuildLogEvent log => log.Text,
        BuildWarningEvent warning => warning.Text,
        _ => throw new InvalidOperationException(),
    }).ToList();

    public void OnStep(BuildStepEvent step) => Events.Add(step);

    public void OnLog(BuildLogEvent log) => Events.Add(log);

    public void OnWarning(BuildWarningEvent warning) => Events.Add(warning);
}
