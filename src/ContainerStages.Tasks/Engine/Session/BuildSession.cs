using System.Net.Sockets;
using System.Security.Cryptography;

namespace ContainerStages.Engine.Session;

/// <summary>
/// One BuildKit session: the engine's upgraded connection relayed byte for byte to a connection to the
/// session helper's socket, where Kestrel serves BuildKit's gRPC services to the engine's HTTP/2
/// client. The build names it by <see cref="Id"/>; disposing closes both connections, which ends the
/// session on the engine.
/// </summary>
internal sealed class BuildSession : IAsyncDisposable
{
    private readonly Stream _engine;
    private readonly Socket _helper;
    private readonly NetworkStream _helperStream;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _relay;

    private BuildSession(string id, Stream engine, Socket helper)
    {
        Id = id;
        _engine = engine;
        _helper = helper;
        _helperStream = new NetworkStream(helper, ownsSocket: false);
        _relay = Task.WhenAll(
            RelayAsync(_engine, _helperStream, () => Shutdown(_helper)),
            RelayAsync(_helperStream, _engine, () => _engine.Dispose()));
    }

    public string Id { get; }

    /// <summary>A session id as BuildKit makes them: random, 25 characters of [0-9a-z].</summary>
    internal static string NewId()
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        Span<byte> random = stackalloc byte[25];
        RandomNumberGenerator.Fill(random);
        var id = new char[25];
        for (int i = 0; i < id.Length; i++)
        {
            id[i] = alphabet[random[i] % alphabet.Length];
        }

        return new string(id);
    }

    /// <summary>Upgrades a fresh engine connection and relays it to the helper.</summary>
    /// <exception cref="SessionRefusedException">The engine has no sessions, or the helper is not there.</exception>
    public static async Task<BuildSession> OpenAsync(IContainerEngine engine, string helperSocket, string name, string sharedKey, CancellationToken cancellationToken)
    {
        string id = NewId();
        var (engineStream, preface) = await engine.OpenSessionAsync(id, name, sharedKey, cancellationToken).ConfigureAwait(false);
        var helper = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await helper.ConnectAsync(new UnixDomainSocketEndPoint(helperSocket), cancellationToken).ConfigureAwait(false);

            // What the engine sent with the 101 is the start of its HTTP/2 connection preface.
            if (preface.Length > 0)
            {
                await helper.SendAsync(preface, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            helper.Dispose();
            await engineStream.DisposeAsync().ConfigureAwait(false);
            throw new SessionRefusedException($"the session helper does not answer on {helperSocket}: {e.Message}");
        }

        return new BuildSession(id, engineStream, helper);
    }

    private async Task RelayAsync(Stream from, Stream to, Action closeTarget)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stopping.Token).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token).ConfigureAwait(false);
                await to.FlushAsync(_stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Either side hung up, or the session is closing.
        }
        finally
        {
            // One side's end ends the session: half-open HTTP/2 is of no use to either.
            try
            {
                closeTarget();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
            {
            }
        }
    }

    private static void Shutdown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        Shutdown(_helper);
        await _engine.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _relay.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        _helperStream.Dispose();
        _helper.Dispose();
        _stopping.Dispose();
    }
}
