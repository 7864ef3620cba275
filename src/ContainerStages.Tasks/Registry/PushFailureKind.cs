namespace ContainerStages.Registry;

internal enum PushFailureKind
{
    /// <summary>Not recognised: reported as it is, not retried.</summary>
    Other,
    Unauthorized,
    UnknownHost,
    Tls,
    Denied,
    /// <summary>A dropped connection, a timeout, a 5xx or rate limit: worth another attempt.</summary>
    Transient,
}
