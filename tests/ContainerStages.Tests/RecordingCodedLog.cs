namespace ContainerStages.Tests;

/// <summary>An <see cref="ICodedLog"/> that keeps what was said: "message Name" or "warning Name", and with what.</summary>
internal sealed class RecordingCodedLog : ICodedLog
{
    private readonly List<(string Resource, object?[] Arguments)> _said = [];

    public List<string> Events { get; } = [];

    public void Message(LogImportance importance, string resource, params object?[] arguments)
    {
        Events.Add("message " + resource);
        _said.Add((resource, arguments));
    }

    public void Warning(string resource, string? file, params object?[] arguments)
    {
        Events.Add("warning " + resource);
        _said.Add((resource, arguments));
    }

    /// <summary>The arguments the last message or warning of <paramref name="resource"/> had.</summary>
    public object?[] Arguments(string resource) => _said.Last(s => s.Resource == resource).Arguments;
}
