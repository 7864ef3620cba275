using System.Net;
using System.Net.Sockets;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a TCP port or a unix socket that passes bytes through
/// unchanged (TLS included) at a limited rate, so a push or an export is still running when the test
/// acts. It counts the bytes it forwarded each way, which tells the test whether the far side stopped.
/// </summary>
public sealed class ThrottledTcpProxy : IDisposable
{
    private const int ChunkSize = 16 * 1024;
    private const int BufferSize = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly EndPoint _target;
    private readonly long _upstreamBytesPerSecond;
    private readonly long _downstreamBytesPerSecond;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private long _upstreamBytes;
    private long _downstreamBytes;

    /// <param name="upstreamBytesPerSecond">Client to target; 0 is unlimited.</param>
    /// <param name="downstreamBytesPerSecond">Target to client; 0 is unlimited.</param>
    public ThrottledTcpProxy(EndPoint target, long upstreamBytesPerSecond, long downstreamBytesPerSecond)
    {
        _target = target;
        _upstreamBytesPerSecond = upstreamBytesPerSecond;
        _downstreamBytesPerSecond = downstreamBytesPerSecond;
        _listener = new TcpListener(IPAddress.Loopback, 0);

        // Small socket buffers (accepted sockets inherit them): megabytes queued in the kernel would
        // keep flowing at the throttled rate after the sender stopped, and hide when it stopped.
        _listener.Server.ReceiveBufferSize = BufferSize;
        _listener.Server.SendBufferSize = BufferSize;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Bytes forwarded from clients to the target.</summary>
    public long UpstreamBytes => Interlocked.Read(ref _upstreamBytes);

    /// <summary>Bytes forwarded from the target to clients.</summary>
    public long DownstreamBytes => Interlocked.Read(ref _downstreamBytes);

    /// <summary>Waits until the bytes forwarded in one direction stop growing for <paramref name="quiet"/>.</summary>
    public bool WaitUntilQuiet(Func<ThrottledTcpProxy, long> counter, TimeSpan quiet, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long last = counter(this);
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            Thread.Sleep(200);
            long now = counter(this);
            if (now != last)
            {
                last = now;
                since = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - since >= quiet)
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var server = new Socket(_target.AddressFamily, SocketType.Stream, _target is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp)
        {
            ReceiveBufferSize = BufferSize,
            SendBufferSize = BufferSize,
        };
        lock (_sockets)
        {
            _sockets.Add(client);
            _sockets.Add(server);
        }

        try
        {
            await server.ConnectAsync(_target, _stop.Token).ConfigureAwait(false);
            var up = PumpAsync(client, server, _upstreamBytesPerSecond, isUpstream: true);
            var down = PumpAsync(server, client, _downstreamBytesPerSecond, isUpstream: false);

            // Either side closing ends the connection, as a plain TCP path would.
            await Task.WhenAny(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, long bytesPerSecond, bool isUpstream)
    {
        var buffer = new byte[ChunkSize];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long sent = 0;
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                int offset = 0;
                while (offset < read)
                {
                    int chunk = bytesPerSecond == 0 ? read - offset : (int)Math.Min(read - offset, Math.Max(1024, bytesPerSecond / 10));
                    await to.SendAsync(buffer.AsMemory(offset, chunk), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    offset += chunk;
                    sent += chunk;
                    Interlocked.Add(ref (isUpstream ? ref _upstreamBytes : ref _downstreamBytes), chunk);
                    if (bytesPerSecond > 0)
                    {
                        var due = TimeSpan.FromSeconds((double)sent / bytesPerSecond) - clock.Elapsed;
                        if (due > TimeSpan.Zero)
                        {
                            await Task.Delay(due, _stop.Token).ConfigureAwait(false);
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
