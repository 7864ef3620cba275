namespace ContainerStages.Session;

/// <summary>
/// One line per thing the engine asked for, on standard output, for the task's log: what was asked,
/// never a value.
/// </summary>
internal sealed class SessionEvents
{
    private readonly TextWriter _output;

    public SessionEvents(TextWriter output) => _output = output;

    public void Write(string kind, string detail)
    {
        // Ids and host names are single tokens, but a line break would forge another event.
        string clean = detail.Replace('\n', ' ').Replace('\r', ' ');
        lock (_output)
        {
            _output.WriteLine($"{kind} {clean}");
            _output.Flush();
        }
    }
}
