using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ContainerStages.Engine.Session;

/// <summary>
/// The session's gRPC server (ContainerStages.Session.dll beside the tasks, in session/): a process
/// on the ASP.NET Core runtime of the SDK that runs MSBuild, which the task host cannot load itself.
/// It listens on a unix socket in a folder only this user may enter, gets what it serves on its
/// standard input (never on its command line or in its environment, which other users can read),
/// and stops when that input closes: when this object is disposed, or when MSBuild dies.
/// </summary>
internal sealed class SessionHelperProcess : IAsyncDisposable
{
    internal const string HelperFolderName = "session";
    internal const string HelperFileName = "ContainerStages.Session.dll";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly string _folder;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _errors = new();
    private readonly Action<string, string>? _onEvent;
    private int _disposed;

    private SessionHelperProcess(Process process, string folder, string socketPath, string exportPath, Action<string, string>? onEvent)
    {
        _process = process;
        _folder = folder;
        SocketPath = socketPath;
        ExportPath = exportPath;
        _onEvent = onEvent;
    }

    public string SocketPath { get; }

    /// <summary>Where the helper writes a tar export's stream; read it once the build ended.</summary>
    public string ExportPath { get; }

    public int ProcessId => _process.Id;

    /// <summary>The helper as it ships: session/ContainerStages.Session.dll beside this assembly.</summary>
    public static string DefaultHelperPath =>
        Path.Combine(Path.GetDirectoryName(typeof(SessionHelperProcess).Assembly.Location)!, HelperFolderName, HelperFileName);

    /// <summary>Starts the helper; it takes about a quarter of a second to listen, so start it early and <see cref="WaitReadyAsync"/> later.</summary>
    /// <param name="onEvent">Each thing the engine asked for (kind, id or host), for the log; never a value.</param>
    public static SessionHelperProcess Start(BuildSessionContents contents, string? helperPath = null, Action<string, string>? onEvent = null)
    {
        helperPath ??= DefaultHelperPath;
        if (!File.Exists(helperPath))
        {
            throw new SessionRefusedException($"the session helper {helperPath} is missing from the package");
        }

        // CreateTempSubdirectory makes the folder 0700 on Unix: nobody else can reach the socket or the export.
        string folder = Directory.CreateTempSubdirectory("containerstages-session-").FullName;
        string socketPath = Path.Combine(folder, "session.sock");
        string exportPath = Path.Combine(folder, "export.tar");
        var start = new ProcessStartInfo(DotNetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(helperPath);

        // The helper needs none of the build's variables; those that tune the runtime stay.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var helper = new SessionHelperProcess(process, folder, socketPath, exportPath, onEvent);
        process.OutputDataReceived += (_, line) => helper.OnOutput(line.Data);
        process.ErrorDataReceived += (_, line) => helper.OnError(line.Data);
        process.Exited += (_, _) => helper._ready.TrySetException(new SessionRefusedException($"the session helper ended (exit code {SafeExitCode(process)}) before it listened: {helper.Errors()}"));
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            TryDeleteFolder(folder);
            throw new SessionRefusedException($"the session helper could not start with {start.FileName}: {e.Message}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            process.StandardInput.WriteLine(Configuration(contents, socketPath, exportPath));
            process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // It died at once; WaitReadyAsync reports its error output.
        }

        return helper;
    }

    public async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        try
        {
            await _ready.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SessionRefusedException($"the session helper did not listen within {ReadyTimeout.TotalSeconds:0} s: {Errors()}");
        }
    }

    /// <summary>The JSON line the helper reads first; it holds the secrets, so it goes nowhere else.</summary>
    internal static string Configuration(BuildSessionContents contents, string socketPath, string? exportPath)
    {
        var configuration = new Dictionary<string, object?>
        {
            ["socket"] = socketPath,
            ["secrets"] = contents.Secrets.ToDictionary(s => s.Key, s => Convert.ToBase64String(s.Value), StringComparer.Ordinal),
            ["registries"] = contents.RegistryLogins.ToDictionary(r => r.Key, r => new Dictionary<string, string> { ["username"] = r.Value.Username, ["secret"] = r.Value.Secret }, StringComparer.OrdinalIgnoreCase),
            ["exportPath"] = exportPath,
            ["sshAgentSocket"] = contents.SshAgentSocket,
        };
        return JsonSerializer.Serialize(configuration);
    }

    /// <summary>The dotnet that runs this build: the SDK exports it to tasks as DOTNET_HOST_PATH.</summary>
    internal static string DotNetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        int space = line.IndexOf(' ', StringComparison.Ordinal);
        string kind = space < 0 ? line : line[..space];
        string detail = space < 0 ? string.Empty : line[(space + 1)..];
        if (kind == "ready")
        {
            _ready.TrySetResult();
            return;
        }

        _onEvent?.Invoke(kind, detail);
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_errors)
        {
            if (_errors.Length < 4096)
            {
                _errors.AppendLine(line);
            }
        }
    }

    private string Errors()
    {
        lock (_errors)
        {
            return _errors.Length == 0 ? "no error output" : _errors.ToString().Trim();
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            // End of input is the helper's signal to stop listening and exit.
            _process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
        }

        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(2000);
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        _process.Dispose();
        TryDeleteFolder(_folder);
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
