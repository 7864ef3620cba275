using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback HTTP endpoint that answers /_ping and /version like Debian's engine and keeps the body of
/// the first build request (the build context tar, as its client made it), then fails that build. It lets
/// a test set the context ContainerStages sends beside the one the Docker CLI sends for the same folder.
/// </summary>
public sealed class ContextCapturingEngine : IDisposable
{
    private const string Version = """{"Version":"20.10.24","ApiVersion":"1.41","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"}""";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<byte[]> _context = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ContextCapturingEngine()
    {
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string DockerHost => $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The body of the first /build request; null when none came within the timeout.</summary>
    public byte[]? WaitForContext(TimeSpan timeout) => _context.Task.Wait(timeout) ? _context.Task.Result : null;

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

            _ = Task.Run(() => ServeOneAsync(socket));
        }
    }

    private async Task ServeOneAsync(Socket socket)
    {
        using (socket)
        await using (var stream = new BufferedStream(new NetworkStream(socket, ownsSocket: false)))
        {
            try
            {
                var (requestLine, headers) = ReadHead(stream);
                string path = requestLine.Split(' ')[1];
                string response;
                if (path.EndsWith("/_ping", StringComparison.Ordinal))
                {
                    response = "HTTP/1.1 200 OK\r\nAPI-Version: 1.41\r\nOSType: linux\r\nDocker-Experimental: false\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK";
                }
                else if (path.Contains("/version", StringComparison.Ordinal))
                {
                    response = Json("200 OK", Version);
                }
                else if (path.Contains("/build", StringComparison.Ordinal))
                {
                    _context.TrySetResult(ReadBody(stream, headers));
                    response = Json("200 OK", """{"errorDetail":{"message":"context captured by the test"},"error":"context captured by the test"}""");
                }
                else
                {
                    response = Json("404 Not Found", """{"message":"not handled by the test engine"}""");
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(response));
                await stream.FlushAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or InvalidDataException)
            {
            }
        }
    }

    private static string Json(string status, string body) =>
        $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    private static (string RequestLine, Dictionary<string, string> Headers) ReadHead(Stream stream)
    {
        string requestLine = ReadLine(stream);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (string line = ReadLine(stream); line.Length > 0; line = ReadLine(stream))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return (requestLine, headers);
    }

    private static byte[] ReadBody(Stream stream, Dictionary<string, string> headers)
    {
        var body = new MemoryStream();
        if (headers.TryGetValue("Transfer-Encoding", out string? encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                string sizeLine = ReadLine(stream).Split(';')[0];
                int size = Convert.ToInt32(sizeLine, 16);
                if (size == 0)
                {
                    while (ReadLine(stream).Length > 0)
                    {
                    }

                    return body.ToArray();
                }

                Copy(stream, body, size);
                ReadLine(stream);
            }
        }

        long length = headers.TryGetValue("Content-Length", out string? text) ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
        Copy(stream, body, length);
        return body.ToArray();
    }

    private static void Copy(Stream from, Stream to, long count)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            int read = from.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0)
            {
                throw new InvalidDataException("The request body ended early.");
            }

            to.Write(buffer, 0, read);
            count -= read;
        }
    }

    private static string ReadLine(Stream stream)
    {
        var line = new List<byte>();
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0)
            {
                throw new InvalidDataException("The connection closed inside a request.");
            }

            if (b == '\n')
            {
                return Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r');
            }

            line.Add((byte)b);
        }
    }
}
