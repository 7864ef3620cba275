using ContainerStages.Engine.Session;
using Docker.DotNet.Handler.Abstractions;

namespace ContainerStages.Engine;

/// <summary>
/// Adds session=ID to the /build request: the client library's build parameters have no field for the
/// engine's session parameter, but its auth-provider seam may wrap the transport, so a handler that
/// appends the parameter rides there, around whatever TLS the engine needs.
/// </summary>
internal sealed class SessionQueryAuthProvider : IAuthProvider
{
    private readonly IAuthProvider? _inner;
    private readonly string _sessionId;

    public SessionQueryAuthProvider(IAuthProvider? inner, string sessionId)
    {
        _inner = inner;
        _sessionId = sessionId;
    }

    public bool TlsEnabled => _inner?.TlsEnabled ?? false;

    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler) =>
        new SessionQueryHandler(_sessionId) { InnerHandler = _inner?.ConfigureHandler(handler) ?? handler };

    /// <summary>The build URI with the session parameter (only /build gets it).</summary>
    internal static Uri WithSession(Uri uri, string sessionId)
    {
        if (!uri.AbsolutePath.EndsWith("/build", StringComparison.Ordinal))
        {
            return uri;
        }

        var builder = new UriBuilder(uri);
        string parameter = "session=" + Uri.EscapeDataString(sessionId);
        builder.Query = string.IsNullOrEmpty(builder.Query) || builder.Query == "?" ? parameter : builder.Query.TrimStart('?') + "&" + parameter;
        return builder.Uri;
    }
}
