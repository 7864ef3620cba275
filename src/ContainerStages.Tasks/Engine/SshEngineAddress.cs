using ContainerStages.Resources;

namespace ContainerStages.Engine;

/// <summary>
/// An ssh:// engine address taken apart as the Docker CLI takes it apart: an optional user, the host
/// and an optional port, and nothing else (the CLI refuses a password, a path, a query or a fragment).
/// </summary>
internal sealed record SshEngineAddress(string? User, string Host, int? Port)
{
    /// <summary>What the far side runs: the Docker CLI there relays one engine connection over its stdin and stdout.</summary>
    private static readonly string[] RemoteCommand = ["docker", "system", "dial-stdio"];

    /// <param name="source">What chose the address, for the message: DOCKER_HOST or a context's name.</param>
    public static SshEngineAddress Parse(Uri address, string source)
    {
        string? problem = null;
        string userInfo = Uri.UnescapeDataString(address.UserInfo);
        if (userInfo.Contains(':', StringComparison.Ordinal))
        {
            problem = "a password in the address is not supported";
        }
        else if (address.Host.Length == 0)
        {
            problem = "it names no host";
        }
        else if (address.AbsolutePath is not ("/" or ""))
        {
            problem = $"it has a path ('{address.AbsolutePath}') after the host";
        }
        else if (address.Query.Length > 0 || address.Fragment.Length > 0)
        {
            problem = "it has a query or fragment after the host";
        }

        if (problem is not null)
        {
            throw new ContainerStagesException(nameof(Strings.SshEndpointInvalid), address.OriginalString, source, problem);
        }

        // ssh takes an IPv6 literal without the brackets the URL needs.
        string host = address.HostNameType == UriHostNameType.IPv6 ? address.Host.Trim('[', ']') : address.Host;
        return new SshEngineAddress(userInfo.Length == 0 ? null : userInfo, host, address.Port > 0 ? address.Port : null);
    }

    /// <summary>
    /// The arguments of ssh, in the CLI's order. BatchMode stops ssh from asking for a password or a host
    /// key confirmation on a terminal nobody watches (a build would hang); -T asks for no terminal.
    /// </summary>
    public IReadOnlyList<string> SshArguments(TimeSpan connectTimeout)
    {
        var arguments = new List<string>
        {
            "-o", "BatchMode=yes",
            "-o", $"ConnectTimeout={Math.Max(1, (int)Math.Ceiling(connectTimeout.TotalSeconds))}",
            "-T",
        };
        if (User is not null)
        {
            arguments.AddRange(["-l", User]);
        }

        if (Port is { } port)
        {
            arguments.AddRange(["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["--", Host]);
        arguments.AddRange(RemoteCommand);
        return arguments;
    }

    /// <summary>The command as a user would type it to try the same connection.</summary>
    public string CommandLine(TimeSpan connectTimeout) =>
        "ssh " + string.Join(' ', SshArguments(connectTimeout).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));

    /// <summary>For messages: the address without the trailing slash Uri adds.</summary>
    public static string Url(Uri address) => address.OriginalString.Trim().TrimEnd('/');

    /// <summary>user@host[:port] as ssh's own messages name it.</summary>
    public override string ToString() => (User is null ? string.Empty : User + "@") + Host + (Port is { } port ? $" (port {port})" : string.Empty);
}
