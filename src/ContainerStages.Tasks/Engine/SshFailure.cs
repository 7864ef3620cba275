namespace ContainerStages.Engine;

/// <summary>How an ssh process ended that never relayed a byte from the engine.</summary>
/// <param name="Reason">ssh's last line on stderr: the one that says why (earlier lines are warnings and banners).</param>
internal sealed record SshFailure(int ExitCode, string Reason)
{
    // ssh itself exits 255 for its own errors; any other code is the remote command's.
    public bool RemoteCommandFailed => ExitCode is > 0 and not 255;

    /// <summary>Without its final full stop, since the message goes on after it.</summary>
    public static string LastLine(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()?.TrimEnd('.') ?? "ssh wrote nothing on stderr";
}
