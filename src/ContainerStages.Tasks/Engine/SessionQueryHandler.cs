namespace ContainerStages.Engine;

/// <summary>The transport wrapper of <see cref="SessionQueryAuthProvider"/>: every /build request gets session=ID.</summary>
internal sealed class SessionQueryHandler : DelegatingHandler
{
    private readonly string _sessionId;

    public SessionQueryHandler(string sessionId) => _sessionId = sessionId;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
        {
            request.RequestUri = SessionQueryAuthProvider.WithSession(uri, _sessionId);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
