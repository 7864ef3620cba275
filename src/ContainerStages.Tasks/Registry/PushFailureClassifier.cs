namespace ContainerStages.Registry;

/// <summary>
/// Tells a push failure's kind from the engine's error text (the registry client inside the engine
/// reports Go errors as text, so the wording is all there is).
/// </summary>
internal static class PushFailureClassifier
{
    public static PushFailureKind Classify(string message)
    {
        // Order matters: "denied" also appears in "permission denied" of a dial error below it, and a
        // TLS handshake timeout is transient, not a certificate problem.
        if (Contains(message, "tls handshake timeout") || Contains(message, "i/o timeout") || Contains(message, "connection reset")
            || Contains(message, "connection refused") || Contains(message, "broken pipe") || Contains(message, "unexpected eof")
            || Contains(message, "toomanyrequests") || Contains(message, "too many requests")
            || Contains(message, "502 bad gateway") || Contains(message, "503 service unavailable") || Contains(message, "504 gateway")
            || Contains(message, "500 internal server error") || Contains(message, "received unexpected http status: 5")
            || message.TrimEnd().EndsWith(": EOF", StringComparison.Ordinal) || message.Trim() == "EOF")
        {
            return PushFailureKind.Transient;
        }

        if (Contains(message, "no such host") || Contains(message, "server misbehaving") || Contains(message, "name or service not known")
            || Contains(message, "temporary failure in name resolution"))
        {
            return PushFailureKind.UnknownHost;
        }

        if (Contains(message, "x509:") || Contains(message, "tls:") || Contains(message, "certificate")
            || Contains(message, "server gave http response to https client"))
        {
            return PushFailureKind.Tls;
        }

        if (Contains(message, "unauthorized") || Contains(message, "authentication required") || Contains(message, "no basic auth credentials")
            || Contains(message, "incorrect username or password"))
        {
            return PushFailureKind.Unauthorized;
        }

        if (Contains(message, "denied") || Contains(message, "forbidden"))
        {
            return PushFailureKind.Denied;
        }

        return PushFailureKind.Other;
    }

    private static bool Contains(string message, string part) => message.Contains(part, StringComparison.OrdinalIgnoreCase);
}
