using System.Diagnostics;
using System.Text;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>A process the test watches while it runs, to act mid-way (send Ctrl+C) and time the end.</summary>
public sealed class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _ownProcessGroup;
    private bool _disposed;

    /// <param name="asTerminalJob">
    /// Start it as a terminal starts a foreground job: its own process group (so <see cref="Interrupt"/>
    /// reaches every process of it, MSBuild's worker nodes too) and SIGINT at its default disposition. A test
    /// run that was itself started in the background of a script inherits SIGINT as ignored, and .NET keeps an
    /// ignored SIGINT ignored: without this, Ctrl+C would never reach the process under test.
    /// </param>
    public RunningProcess(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment, bool asTerminalJob = false)
    {
        _ownProcessGroup = asTerminalJob;
        if (asTerminalJob)
        {
            // setsid execs in place (a child of ours is never a group leader), so the pid is the group's id.
            arguments = ["env", "--default-signal=INT", fileName, .. arguments];
            fileName = "setsid";
        }

        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return Output.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>What a terminal's Ctrl+C sends: SIGINT, to the whole foreground group when it is a terminal job.</summary>
    public void Interrupt()
    {
        string id = Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var kill = ProcessRunner.Run("kill", _ownProcessGroup ? ["-INT", "--", "-" + id] : ["-INT", id]);
        Assert.IsTrue(kill.Succeeded, kill.ToString());
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        bool exited = _process.WaitForExit(timeout);
        if (exited)
        {
            _process.WaitForExit();
        }

        return exited;
    }

    public int ExitCode => _process.ExitCode;

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
