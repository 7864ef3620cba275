using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

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

    /// <summary>The registry's own answer for a manifest: its media type, digest (Docker-Content-Digest) and JSON.</summary>
    public (string MediaType, string Digest, JsonElement Json) Manifest(string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{Host}/v2/{repository}/manifests/{reference}");
        foreach (string type in ManifestTypes)
        {
            request.Headers.Accept.ParseAdd(type);
        }

        using var response = Send(request);
        string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        Assert.IsTrue(response.IsSuccessStatusCode, $"GET {repository}:{reference}: {(int)response.StatusCode} {body}");
        return (response.Content.Headers.ContentType!.MediaType!, response.Headers.GetValues("Docker-Content-Digest").First(), JsonDocument.Parse(body).RootElement.Clone());
    }

    /// <summary>A blob (an image config) as JSON.</summary>
    public JsonElement Blob(string repository, string digest)
    {
        using var response = Send(new HttpRequestMessage(HttpMethod.Get, $"http://{Host}/v2/{repository}/blobs/{digest}"));
        Assert.IsTrue(response.IsSuccessStatusCode, $"GET blob {digest}: {(int)response.StatusCode}");
        return JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement.Clone();
    }

    /// <summary>Puts a Docker manifest list under repository:tag naming the manifests of the given tags (already pushed) with their platforms.</summary>
    public void PutIndex(string repository, string tag, params (string Tag, string Architecture)[] platforms)
    {
        var entries = platforms.Select(platform =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{Host}/v2/{repository}/manifests/{platform.Tag}");
            request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
            using var response = Send(request);
            byte[] manifest = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            Assert.IsTrue(response.IsSuccessStatusCode, $"GET {repository}:{platform.Tag}: {(int)response.StatusCode}");
            return new
            {
                mediaType = response.Content.Headers.ContentType!.MediaType,
                digest = "sha256:" + Convert.ToHexString(SHA256.HashData(manifest)).ToLowerInvariant(),
                size = manifest.Length,
                platform = new { architecture = platform.Architecture, os = "linux" },
            };
        }).ToList();
        string index = JsonSerializer.Serialize(new { schemaVersion = 2, mediaType = "application/vnd.docker.distribution.manifest.list.v2+json", manifests = entries });
        using var put = new HttpRequestMessage(HttpMethod.Put, $"http://{Host}/v2/{repository}/manifests/{tag}") { Content = new StringContent(index) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.docker.distribution.manifest.list.v2+json");
        using var answer = Send(put);
        Assert.IsTrue(answer.IsSuccessStatusCode, $"PUT index {repository}:{tag}: {(int)answer.StatusCode} {answer.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
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

    private static readonly string[] ManifestTypes =
    [
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
    ];

    private HttpResponseMessage Send(HttpRequestMessage request)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{Password}")));
        return client.Send(request);
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
