using System.Net;
using System.Net.Sockets;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's docker-registry on 127.0.0.1 with htpasswd auth over plain HTTP. dockerd 20.10's BuildKit
/// reaches every registry on a loopback address over plain HTTP (its resolver's localhost rule; the
/// engine's certs.d is not consulted for it), so a FROM image on the TLS <see cref="LocalRegistry"/>
/// fails there with 400 while this one is reached, with the same login challenge.
/// </summary>
public sealed class PlainHttpRegistry : IDisposable
{
    public const string UserName = "cstg-session";

    private readonly RunningProcess _process;
    private readonly string _folder;

    private PlainHttpRegistry(RunningProcess process, string folder, string host, string password)
    {
        _process = process;
        _folder = folder;
        Host = host;
        Password = password;
    }

    /// <summary>127.0.0.1:PORT.</summary>
    public string Host { get; }

    public string Password { get; }

    public static PlainHttpRegistry Start()
    {
        string folder = Path.Combine(TestEnvironment.WorkRoot, "http-registry-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        int port = FreePort();
        string host = $"127.0.0.1:{port}";
        string password = "pw-" + Guid.NewGuid().ToString("N");
        var htpasswd = ProcessRunner.Run("htpasswd", ["-Bbc", "htpasswd", UserName, password], folder);
        Assert.IsTrue(htpasswd.Succeeded, htpasswd.ToString());
        File.WriteAllText(Path.Combine(folder, "config.yml"), $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {folder}/data
            http:
              addr: {host}
            auth:
              htpasswd:
                realm: containerstages-session-test
                path: {folder}/htpasswd
            """);

        var process = new RunningProcess("docker-registry", ["serve", Path.Combine(folder, "config.yml")], folder, new Dictionary<string, string?>());
        var registry = new PlainHttpRegistry(process, folder, host, password);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!registry.Answers())
        {
            if (DateTime.UtcNow > deadline)
            {
                string output = process.Output;
                registry.Dispose();
                Assert.Fail($"docker-registry did not answer on {host}:\n{output}");
            }

            Thread.Sleep(200);
        }

        return registry;
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private bool Answers()
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, $"http://{Host}/v2/"));
            return response.StatusCode == HttpStatusCode.Unauthorized;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
