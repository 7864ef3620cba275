using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// A private sshd for one test on 127.0.0.1, run as the current user with its own host key, config and
/// authorized keys in a temp folder; its sessions reach the default engine with the far side's docker.
/// ssh reads ~/.ssh from the passwd entry, not from HOME, so the client side is an `ssh` first on PATH
/// that runs the real ssh with -F and the config <see cref="ClientEnvironment"/> names. Disposing
/// stops sshd and removes the folder.
/// </summary>
public sealed class SshServer : IDisposable
{
    private const string ConfigVariable = "CONTAINERSTAGES_TEST_SSH_CONFIG";
    private readonly RunningProcess _daemon;

    private SshServer(string folder, int port, RunningProcess daemon)
    {
        Folder = folder;
        Port = port;
        _daemon = daemon;
    }

    public string Folder { get; }

    public int Port { get; }

    public string DockerHost => $"ssh://root@127.0.0.1:{Port}";

    /// <summary>What sshd logged so far (accepted and refused logins).</summary>
    public string Log => _daemon.Output;

    public static SshServer Start()
    {
        Assert.IsTrue(File.Exists("/usr/sbin/sshd"), "openssh-server is missing: run eng/test-env.sh.");
        string folder = Directory.CreateTempSubdirectory("cstg-sshd-").FullName;
        foreach (string key in new[] { "host_key", "other_host_key", "client_key", "stranger_key", "no_docker_key" })
        {
            var made = ProcessRunner.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", key, "-f", Path.Combine(folder, key)]);
            Assert.IsTrue(made.Succeeded, made.ToString());
        }

        // The no_docker key logs in, but its session runs a docker that does not exist, as on a host without the CLI.
        File.WriteAllText(Path.Combine(folder, "authorized_keys"),
            File.ReadAllText(Path.Combine(folder, "client_key.pub"))
            + "command=\"exec docker-is-not-installed-here system dial-stdio\" " + File.ReadAllText(Path.Combine(folder, "no_docker_key.pub")));

        int port = FreePort();
        File.WriteAllText(Path.Combine(folder, "sshd_config"), $"""
            ListenAddress 127.0.0.1
            Port {port}
            HostKey {folder}/host_key
            AuthorizedKeysFile {folder}/authorized_keys
            PidFile {folder}/sshd.pid
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            StrictModes no
            UsePAM no
            LogLevel VERBOSE
            """);

        string hostKey = File.ReadAllText(Path.Combine(folder, "host_key.pub")).Trim();
        string otherHostKey = File.ReadAllText(Path.Combine(folder, "other_host_key.pub")).Trim();
        File.WriteAllText(Path.Combine(folder, "known_hosts"), $"[127.0.0.1]:{port} {hostKey}\n");
        File.WriteAllText(Path.Combine(folder, "other_known_hosts"), $"[127.0.0.1]:{port} {otherHostKey}\n");
        WriteClientConfig(folder, "good", "client_key", "known_hosts");
        WriteClientConfig(folder, "stranger", "stranger_key", "known_hosts");
        WriteClientConfig(folder, "changed-host-key", "client_key", "other_known_hosts");
        WriteClientConfig(folder, "no-docker", "no_docker_key", "known_hosts");

        string bin = Path.Combine(folder, "bin");
        Directory.CreateDirectory(bin);
        string wrapper = Path.Combine(bin, "ssh");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec /usr/bin/ssh -F \"${ConfigVariable}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // sshd refuses to start without its privilege separation folder, which only its package's service makes.
        Directory.CreateDirectory("/run/sshd");
        var daemon = new RunningProcess("/usr/sbin/sshd", ["-f", Path.Combine(folder, "sshd_config"), "-D", "-e"], folder, new Dictionary<string, string?>());
        if (!daemon.WaitForOutput("Server listening", TimeSpan.FromSeconds(60)))
        {
            string log = daemon.Output;
            daemon.Dispose();
            Directory.Delete(folder, recursive: true);
            Assert.Fail("sshd did not start:\n" + log);
        }

        return new SshServer(folder, port, daemon);
    }

    /// <summary>PATH with the ssh that uses the named client config first, for a dotnet publish.</summary>
    /// <param name="client">good, stranger (a key sshd does not know), changed-host-key, or no-docker.</param>
    public Dictionary<string, string?> ClientEnvironment(string client) => new()
    {
        ["PATH"] = Path.Combine(Folder, "bin") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        [ConfigVariable] = Path.Combine(Folder, client + ".config"),
        ["SSH_AUTH_SOCK"] = string.Empty,
    };

    /// <summary>The ssh clients dialing this server plus sshd's sessions and what they run.</summary>
    public int ConnectionProcessCount()
    {
        int count = 0;
        int daemon = _daemon.Id;
        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out int pid) || pid == daemon)
            {
                continue;
            }

            try
            {
                string commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
                bool client = commandLine.Contains("dial-stdio", StringComparison.Ordinal) && commandLine.Contains($" {Port} ", StringComparison.Ordinal);
                if (client || DescendsFrom(pid, daemon))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The process ended while it was looked at.
            }
        }

        return count;
    }

    /// <summary>Waits for the connection processes to be gone; returns how many are left.</summary>
    public int WaitForNoConnections(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int count;
        while ((count = ConnectionProcessCount()) > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(200);
        }

        return count;
    }

    public void Dispose()
    {
        _daemon.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static bool DescendsFrom(int pid, int ancestor)
    {
        for (int depth = 0; depth < 16 && pid > 1; depth++)
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name in parentheses may hold spaces; the parent pid is the second field after it.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            pid = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (pid == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteClientConfig(string folder, string name, string identity, string knownHosts) =>
        File.WriteAllText(Path.Combine(folder, name + ".config"), $"""
            Host *
              IdentityFile {folder}/{identity}
              IdentitiesOnly yes
              UserKnownHostsFile {folder}/{knownHosts}
              GlobalKnownHostsFile /dev/null
              StrictHostKeyChecking yes
            """ + "\n");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
