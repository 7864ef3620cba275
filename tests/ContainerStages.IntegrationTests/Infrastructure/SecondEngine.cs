using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// A second dockerd for one test, listening on 127.0.0.1 over TCP with mutual TLS (a CA made for the
/// test) and on a unix socket of its own. Everything it owns is its own: data-root, exec-root, pidfile,
/// socket, its own bridge (made here, since `--bridge none` once took the main engine's docker0 with it),
/// no iptables rules, its own managed containerd, and an empty config file so the host's daemon.json
/// does not apply. Disposing stops it and removes all of it.
/// </summary>
public sealed class SecondEngine : IDisposable
{
    private readonly string _bridge;
    private readonly string[] _arguments;
    private RunningProcess _daemon;

    private SecondEngine(string folder, string bridge, int port, string[] arguments)
    {
        Folder = folder;
        _bridge = bridge;
        Port = port;
        _arguments = arguments;
        _daemon = Launch(folder, arguments);
    }

    /// <summary>Short, because unix socket paths are limited to 108 bytes.</summary>
    public string Folder { get; }

    public int Port { get; }

    public string TcpAddress => $"tcp://127.0.0.1:{Port}";

    public string UnixSocket => Path.Combine(Folder, "docker.sock");

    /// <summary>DOCKER_HOST for this engine through its own unix socket (no TLS).</summary>
    public string UnixAddress => $"unix://{UnixSocket}";

    /// <summary>Where the engine keeps its images and build cache.</summary>
    public string DataRoot => Path.Combine(Folder, "data");

    /// <summary>ca.pem, cert.pem and key.pem of a client the engine accepts (DOCKER_CERT_PATH).</summary>
    public string ClientCertPath => Path.Combine(Folder, "client");

    /// <param name="dataRootSize">When set, the data root is a tmpfs of this size (such as "400m"), which a test can fill.</param>
    public static SecondEngine Start(string? dataRootSize = null)
    {
        string id = Guid.NewGuid().ToString("N")[..6];
        string folder = $"/tmp/cstg-e2-{id}";
        Directory.CreateDirectory(Path.Combine(folder, "client"));
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        MakeCertificates(folder);
        File.WriteAllText(Path.Combine(folder, "daemon.json"), "{}\n");
        if (dataRootSize is not null)
        {
            Sh($"mount -t tmpfs -o size={dataRootSize} cstg-e2-{id} {folder}/data");
        }

        string bridge = $"cstgbr{id}";
        string subnet = $"10.{200 + (id[0] % 40)}.{id[1] % 250}.1/24";
        Sh($"ip link add {bridge} type bridge && ip addr add {subnet} dev {bridge} && ip link set {bridge} up");

        int port = FreePort();
        string[] arguments =
        [
            "--config-file", Path.Combine(folder, "daemon.json"),
            "--data-root", Path.Combine(folder, "data"),
            "--exec-root", Path.Combine(folder, "exec"),
            "--pidfile", Path.Combine(folder, "docker.pid"),
            "-H", $"unix://{folder}/docker.sock",
            "-H", $"tcp://127.0.0.1:{port}",
            "--tlsverify",
            "--tlscacert", Path.Combine(folder, "ca.pem"),
            "--tlscert", Path.Combine(folder, "server-cert.pem"),
            "--tlskey", Path.Combine(folder, "server-key.pem"),
            "--bridge", bridge,
            "--iptables=false",
            "--ip-masq=false",
            "--log-level", "warn",
        ];
        var engine = new SecondEngine(folder, bridge, port, arguments);
        engine.WaitUntilAnswering();
        return engine;
    }

    /// <summary>Stops the daemon as a service manager would (SIGTERM, then wait) and starts it again on the same data.</summary>
    public void Restart()
    {
        Stop();
        _daemon.Dispose();
        _daemon = Launch(Folder, _arguments);
        WaitUntilAnswering();
    }

    /// <summary>What the daemon printed (its own log), for assertion messages.</summary>
    public string DaemonOutput => _daemon.Output;

    /// <summary>The docker CLI against this engine only, through its own unix socket.</summary>
    public ProcessResult Docker(params string[] arguments) =>
        ProcessRunner.Run("/usr/bin/docker", ["-H", $"unix://{UnixSocket}", .. arguments], timeout: TimeSpan.FromMinutes(5));

    /// <summary>Copies an image from the default engine (docker save | docker load).</summary>
    public void LoadFromDefaultEngine(string image)
    {
        var result = ProcessRunner.Run("sh", ["-c", $"/usr/bin/docker save {image} | /usr/bin/docker -H unix://{UnixSocket} load"], timeout: TimeSpan.FromMinutes(5));
        Assert.IsTrue(result.Succeeded, result.ToString());
    }

    public void Dispose()
    {
        Stop();
        _daemon.Dispose();
        Sh($"ip link del {_bridge} 2>/dev/null || true");

        // Layers the engine left mounted (and a tmpfs data root) would keep the folder from going.
        Sh($"grep -o ' {Folder}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true");
        Sh($"rm -rf {Folder}");
    }

    private static RunningProcess Launch(string folder, string[] arguments) =>
        new("dockerd", arguments, folder, new Dictionary<string, string?>());

    private void WaitUntilAnswering()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Docker("version", "--format", "{{.Server.APIVersion}}").Succeeded)
        {
            if (DateTime.UtcNow > deadline)
            {
                string output = _daemon.Output;
                Dispose();
                Assert.Fail("The second dockerd did not answer:\n" + output);
            }

            Thread.Sleep(500);
        }
    }

    private void Stop()
    {
        string pidFile = Path.Combine(Folder, "docker.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid))
        {
            ProcessRunner.Run("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
        }

        if (!_daemon.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            _daemon.Dispose();
        }
    }

    private static void MakeCertificates(string folder)
    {
        Sh($"""
            cd {folder} &&
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 2 -subj '/CN=containerstages second engine CA' &&
            openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj '/CN=127.0.0.1' &&
            printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext &&
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -days 2 -extfile server.ext &&
            openssl req -newkey rsa:2048 -nodes -keyout client/key.pem -out client.csr -subj '/CN=containerstages-test-client' &&
            printf 'extendedKeyUsage=clientAuth\n' > client.ext &&
            openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out client/cert.pem -days 2 -extfile client.ext &&
            cp ca.pem client/ca.pem
            """);
    }

    private static void Sh(string script)
    {
        var result = ProcessRunner.Run("sh", ["-c", script]);
        Assert.IsTrue(result.Succeeded, result.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
