using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback HTTP endpoint that answers like a broken or outdated engine, for the error paths a real
/// engine here cannot show (an old API, an engine that dies mid-build). Never stands in for a build.
/// </summary>
public sealed class FakeEngineEndpoint : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string?> _answer;
    private readonly CancellationTokenSource _stop = new();

    /// <param name="answer">Given the request line, the raw HTTP response to send before closing; null closes at once.</param>
    public FakeEngineEndpoint(Func<string, string?> answer)
    {
        _answer = answer;
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string DockerHost => $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static string Json(string body) =>
        $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (socket)
                {
                    var buffer = new byte[64 * 1024];
                    int read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                    string request = Encoding.ASCII.GetString(buffer, 0, read);
                    string requestLine = request.Split("\r\n", 2)[0];
                    if (_answer(requestLine) is { } response)
                    {
                        await socket.SendAsync(Encoding.UTF8.GetBytes(response), SocketFlags.None);
                    }

                    socket.Shutdown(SocketShutdown.Both);
                }
            });
        }
    }
}
