using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ContainerStages.Engine;

/// <summary>
/// The one HTTP/1.1 exchange that turns an engine connection into a BuildKit session (what the Docker
/// CLI's DialHijack sends): POST /session with Upgrade: h2c and the X-Docker-Expose-Session-* headers,
/// one -Grpc-Method header per served method. After 101 Switching Protocols the engine is the HTTP/2
/// client on the same connection, and the bytes it sent right after the headers (its connection
/// preface) are returned for the server to read first.
/// </summary>
internal static class SessionUpgrade
{
    internal const string UuidHeader = "X-Docker-Expose-Session-Uuid";
    internal const string NameHeader = "X-Docker-Expose-Session-Name";
    internal const string SharedKeyHeader = "X-Docker-Expose-Session-Sharedkey";
    internal const string MethodHeader = "X-Docker-Expose-Session-Grpc-Method";

    // Headers larger than this are no engine's answer to the upgrade.
    private const int MaxHeaderBytes = 64 * 1024;
    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>The gRPC methods the session helper serves, as BuildKit checks them ("/package.Service/Method").</summary>
    internal static readonly IReadOnlyList<string> ServedMethods =
    [
        "/grpc.health.v1.Health/Check",
        "/grpc.health.v1.Health/Watch",
        "/moby.buildkit.secrets.v1.Secrets/GetSecret",
        "/moby.filesync.v1.Auth/Credentials",
        "/moby.filesync.v1.Auth/FetchToken",
        "/moby.filesync.v1.Auth/GetTokenAuthority",
        "/moby.filesync.v1.Auth/VerifyTokenAuthority",
        "/moby.filesync.v1.FileSend/DiffCopy",
        "/moby.sshforward.v1.SSH/CheckAgent",
        "/moby.sshforward.v1.SSH/ForwardAgent",
    ];

    public static byte[] Request(string host, Version apiVersion, string sessionId, string name, string sharedKey)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"POST /v{apiVersion.Major}.{apiVersion.Minor}/session HTTP/1.1\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Host: {host}\r\n");
        text.Append("User-Agent: ContainerStages\r\n");
        text.Append("Content-Length: 0\r\n");
        text.Append("Connection: Upgrade\r\n");
        text.Append("Upgrade: h2c\r\n");
        text.Append(CultureInfo.InvariantCulture, $"{UuidHeader}: {HeaderValue(sessionId)}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"{NameHeader}: {HeaderValue(name)}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"{SharedKeyHeader}: {HeaderValue(sharedKey)}\r\n");
        foreach (string method in ServedMethods)
        {
            text.Append(CultureInfo.InvariantCulture, $"{MethodHeader}: {method}\r\n");
        }

        text.Append("\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>Sends the upgrade request and reads the answer's headers.</summary>
    /// <returns>The bytes the engine sent after the 101's headers.</returns>
    /// <exception cref="SessionRefusedException">Any other answer, with the engine's message.</exception>
    public static async Task<byte[]> UpgradeAsync(Stream connection, byte[] request, CancellationToken cancellationToken)
    {
        await connection.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        await connection.FlushAsync(cancellationToken).ConfigureAwait(false);

        var received = new MemoryStream();
        var buffer = new byte[4096];
        int headerEnd;
        while ((headerEnd = HeaderEnd(received.GetBuffer().AsSpan(0, (int)received.Length))) < 0)
        {
            if (received.Length > MaxHeaderBytes)
            {
                throw new SessionRefusedException("the engine's answer to POST /session has no end of headers");
            }

            int read = await connection.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new SessionRefusedException("the engine closed the connection instead of answering POST /session");
            }

            received.Write(buffer, 0, read);
        }

        byte[] all = received.ToArray();
        string headers = Encoding.ASCII.GetString(all, 0, headerEnd);
        byte[] rest = all[(headerEnd + 4)..];
        var (status, reason) = StatusLine(headers);
        if (status == 101)
        {
            return rest;
        }

        string body = await ReadBodyAsync(connection, headers, rest, cancellationToken).ConfigureAwait(false);
        throw new SessionRefusedException($"HTTP {status} {reason}{(body.Length == 0 ? string.Empty : ": " + body)}");
    }

    internal static (int Status, string Reason) StatusLine(string headers)
    {
        string first = headers.Split("\r\n", 2)[0];
        string[] parts = first.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int status))
        {
            throw new SessionRefusedException($"the engine's answer to POST /session is not HTTP: {first}");
        }

        return (status, parts.Length > 2 ? parts[2] : string.Empty);
    }

    /// <summary>The engine's error message: {"message":"..."} as the API writes errors, else the text.</summary>
    internal static string ErrorText(string body)
    {
        string trimmed = body.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(trimmed);
                if (json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString()!;
                }
            }
            catch (JsonException)
            {
            }
        }

        return trimmed.Split('\n', 2)[0].Trim();
    }

    private static async Task<string> ReadBodyAsync(Stream connection, string headers, byte[] received, CancellationToken cancellationToken)
    {
        int length = MaxBodyBytes;
        foreach (string line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(line["Content-Length:".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int declared))
            {
                length = Math.Min(declared, MaxBodyBytes);
            }
        }

        var body = new MemoryStream();
        body.Write(received, 0, Math.Min(received.Length, length));
        var buffer = new byte[1024];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            while (body.Length < length)
            {
                int read = await connection.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - body.Length)), timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                body.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A chunked or endless body: what arrived is enough for the message.
        }

        return ErrorText(Encoding.UTF8.GetString(body.ToArray()));
    }

    private static int HeaderEnd(ReadOnlySpan<byte> received) => received.IndexOf("\r\n\r\n"u8);

    // A header value cannot carry a line break; the id, name and key are ours, but the name comes from a folder.
    private static string HeaderValue(string value)
    {
        var clean = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            clean.Append(c is < ' ' or > '~' ? '_' : c);
        }

        return clean.ToString();
    }
}
