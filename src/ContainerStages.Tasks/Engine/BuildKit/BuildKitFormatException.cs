namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// Thrown when the engine's build response or a BuildKit progress message cannot be read:
/// truncated or garbled protobuf, invalid base64, or a JSON stream that is not JSON.
/// One dedicated type so callers can tell "the engine sent something we cannot parse"
/// apart from I/O and cancellation errors.
/// </summary>
public sealed class BuildKitFormatException : FormatException
{
    public BuildKitFormatException(string message)
        : base(message)
    {
    }

    public BuildKitFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
