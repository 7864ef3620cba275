namespace ContainerStages.Tests;

/// <summary>An <see cref="ICodedLog"/> that keeps what was said: "message Name" or "warning Name".</summary>
internal sealed class RecordingCodedLog : ICodedLog
{
    public List<string> Events { get; } = [];

    public void Message(LogImportance importance, string resource, params object?[] arguments) => Events.Add("message " + resource);

    public void Warning(string resource, string? file, params object?[] arguments) => Events.Add("warning " + resource);
}
