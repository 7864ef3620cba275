using System.IO.Pipes;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace ContainerStages.Engine;

/// <summary>
/// A raw connection to the engine, over the same transports as the API client (a unix socket, a
/// named pipe, TCP with the client certificates of <see cref="EngineTls"/>), for the one request the
/// client library cannot make: an upgrade whose connection is then handed over whole.
/// </summary>
internal static class EngineConnectionDialer
{
    /// <param name="address">unix://, npipe://, tcp://, http:// or https:// (an ssh:// engine is dialed through its tunnel's socket).</param>
    public static async Task<(Stream Stream, string HostHeader)> DialAsync(Uri address, EngineTls? tls, CancellationToken cancellationToken)
    {
        switch (address.Scheme)
        {
            case "unix":
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(address.LocalPath), cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                return (new NetworkStream(socket, ownsSocket: true), "docker");
            }

            case "npipe":
            {
                // npipe://./pipe/docker_engine: the server is the host part, the pipe's name follows /pipe/.
                string server = address.Host is { Length: > 0 } host ? host : ".";
                string name = address.AbsolutePath.StartsWith("/pipe/", StringComparison.OrdinalIgnoreCase) ? address.AbsolutePath["/pipe/".Length..] : address.AbsolutePath.TrimStart('/');
                var pipe = new NamedPipeClientStream(server, name, PipeDirection.InOut, PipeOptions.Asynchronous);
                await pipe.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return (pipe, "docker");
            }

            case "tcp" or "http" or "https":
            {
                int port = address.Port > 0 ? address.Port : (tls is null ? 2375 : 2376);
                var client = new TcpClient { NoDelay = true };
                try
                {
                    await client.ConnectAsync(address.Host, port, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }

                Stream stream = client.GetStream();
                string hostHeader = $"{address.Host}:{port}";
                if (tls is null && address.Scheme != "https")
                {
                    return (stream, hostHeader);
                }

                var provider = new EngineTlsAuthProvider(tls ?? new EngineTls(true, null, null, null));
                var certificate = provider.LoadClientCertificate();
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, remote, _, errors) =>
                    provider.Validate(remote as X509Certificate2 ?? (remote is null ? null : new X509Certificate2(remote)), errors));
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = address.Host,
                        ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
                    },
                    cancellationToken).ConfigureAwait(false);
                return (ssl, hostHeader);
            }

            default:
                throw new SessionRefusedException($"no session over {address.Scheme}://");
        }
    }
}
