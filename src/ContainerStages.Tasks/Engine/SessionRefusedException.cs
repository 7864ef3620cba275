namespace ContainerStages.Engine;

/// <summary>The engine answered POST /session with something other than 101 Switching Protocols.</summary>
internal sealed class SessionRefusedException : Exception
{
    public SessionRefusedException(string reason)
        : base(reason)
    {
    }
}
