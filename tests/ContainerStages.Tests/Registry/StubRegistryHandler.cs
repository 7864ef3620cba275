using System.Net;

namespace ContainerStages.Tests.Registry;

/// <summary>Answers HTTP requests from a script and records them, for the registry client's request logic.</summary>
internal sealed class StubRegistryHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, HttpResponseMessage> _answer;

    public StubRegistryHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) => _answer = answer;

    /// <summary>Method, URI and Authorization header of every request, in order.</summary>
    public List<string> Requests { get; } = [];

    public List<byte[]> Bodies { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add($"{request.Method} {request.RequestUri} {request.Headers.Authorization}".TrimEnd());
        Bodies.Add(request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken));
        return _answer(request);
    }

    public static HttpResponseMessage Answer(HttpStatusCode status, string body = "", string? contentType = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
        if (contentType is not null)
        {
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        return response;
    }
}
