using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ContainerStages.Resources;

namespace ContainerStages.Engine;

/// <summary>
/// Makes an ssh:// engine look like a local unix socket, since the engine client speaks only sockets:
/// every connection accepted on a private socket starts its own <c>ssh ... docker system dial-stdio</c>
/// (what the Docker CLI runs) and the bytes are relayed both ways. Dispose stops every ssh it started
/// and removes the socket.
/// </summary>
internal sealed class SshTunnel : IDisposable
{
    private readonly string _sshPath;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _folder;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Process> _processes = [];
    private SshFailure? _failure;

    private SshTunnel(string sshPath, IReadOnlyList<string> arguments)
    {
        _sshPath = sshPath;
        _arguments = arguments;

        // The folder is made 0700, so no other user can reach the engine through this socket.
        _folder = Directory.CreateTempSubdirectory("containerstages-ssh-").FullName;
        string socketPath = Path.Combine(_folder, "engine.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(16);
        SocketAddress = new Uri("unix://" + socketPath);
        _ = AcceptAsync();
    }

    /// <summary>The unix:// address the engine client connects to.</summary>
    public Uri SocketAddress { get; }

    /// <summary>The last ssh that ended before relaying anything, or null.</summary>
    public SshFailure? Failure => Volatile.Read(ref _failure);

    /// <param name="source">What chose the address, for the message when ssh is missing.</param>
    public static SshTunnel Start(SshEngineAddress address, TimeSpan connectTimeout, string source)
    {
        string sshPath = FindSsh() ?? throw new ContainerStagesException(nameof(Strings.SshNotInstalled), source);
        return new SshTunnel(sshPath, address.SshArguments(connectTimeout));
    }

    private static string? FindSsh()
    {
        string name = OperatingSystem.IsWindows() ? "ssh.exe" : "ssh";
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = RelayAsync(connection);
        }
    }

    private async Task RelayAsync(Socket connection)
    {
        using var client = new NetworkStream(connection, ownsSocket: true);
        Process ssh;
        var stderr = new StringBuilder();
        try
        {
            ssh = StartSsh(stderr);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or ObjectDisposedException)
        {
            Volatile.Write(ref _failure, new SshFailure(-1, e.Message));
            return;
        }

        using (ssh)
        {
            var toEngine = RelayToSshAsync(client, ssh);
            long relayed = 0;
            try
            {
                relayed = await CopyAsync(ssh.StandardOutput.BaseStream, client, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The engine client hung up, or the tunnel is stopping.
            }

            if (relayed == 0 && !_stopping.IsCancellationRequested)
            {
                // Record why before the client sees the connection close, so its error can say why.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                wait.CancelAfter(TimeSpan.FromSeconds(5));
                try
                {
                    await ssh.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                    string reason;
                    lock (stderr)
                    {
                        reason = SshFailure.LastLine(stderr.ToString());
                    }

                    // A connection the client closed unused ends with 0 and is no failure.
                    if (ssh.ExitCode != 0)
                    {
                        Volatile.Write(ref _failure, new SshFailure(ssh.ExitCode, reason));
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }

            try
            {
                connection.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }

            Stop(ssh);
            await toEngine.ConfigureAwait(false);
        }
    }

    private Process StartSsh(StringBuilder stderr)
    {
        var start = new ProcessStartInfo(_sshPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var ssh = new Process { StartInfo = start };
        ssh.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(line.Data);
                }
            }
        };
        lock (_processes)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            ssh.Start();
            _processes.Add(ssh);
        }

        ssh.BeginErrorReadLine();
        return ssh;
    }

    private async Task RelayToSshAsync(Stream client, Process ssh)
    {
        try
        {
            await CopyAsync(client, ssh.StandardInput.BaseStream, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            // End of input tells dial-stdio on the far side to close its half of the engine connection.
            try
            {
                ssh.StandardInput.Close();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
            }
        }
    }

    private static async Task<long> CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            await to.FlushAsync(cancellationToken).ConfigureAwait(false);
            total += read;
        }

        return total;
    }

    private void Stop(Process ssh)
    {
        try
        {
            if (!ssh.HasExited)
            {
                ssh.Kill();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }

        lock (_processes)
        {
            _processes.Remove(ssh);
        }
    }

    public void Dispose()
    {
        Process[] running;
        lock (_processes)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            running = [.. _processes];
        }

        _listener.Dispose();
        foreach (var ssh in running)
        {
            try
            {
                ssh.Kill();
                ssh.WaitForExit(2000);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        // _stopping stays undisposed: relays that are still unwinding read its token.
    }
}
