using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's docker-registry on 127.0.0.1 (a free port) with htpasswd (bcrypt) auth and TLS from a CA
/// made for this run; the engine trusts the CA through /etc/docker/certs.d/HOST:PORT/ca.crt, which it
/// reads per request. Started once per test run on first use and stopped by <see cref="AssemblySetup"/>.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    public const string UserName = "cstg-ci";

    private static readonly Lazy<LocalRegistry> LazyInstance = new(Start);

    private readonly RunningProcess _process;
    private readonly string _folder;
    private readonly string _certsFolder;

    private LocalRegistry(RunningProcess process, string folder, string certsFolder, string host, string password, string caPath)
    {
        _process = process;
        _folder = folder;
        _certsFolder = certsFolder;
        Host = host;
        Password = password;
        CaPath = caPath;
    }

    public static LocalRegistry Instance => LazyInstance.Value;

    /// <summary>127.0.0.1:PORT, what ContainerRegistry names.</summary>
    public string Host { get; }

    /// <summary>Made per run, so a leak of it in a log can be searched for.</summary>
    public string Password { get; }

    public string CaPath { get; }

    public static void StopIfStarted()
    {
        if (LazyInstance.IsValueCreated)
        {
            LazyInstance.Value.Dispose();
        }
    }

    /// <summary>The registry's own answer for the manifest digest of repository:tag (HEAD with its Docker-Content-Digest).</summary>
    public string? ManifestDigest(string repository, string tag)
    {
        using var client = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"https://{Host}/v2/{repository}/manifests/{tag}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{Password}")));
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        using var response = client.Send(request);
        return response.IsSuccessStatusCode && response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : null;
    }

    /// <summary>How many manifests the registry has stored for the repository (one revision per manifest it was ever sent).</summary>
    public int ManifestRevisionCount(string repository)
    {
        string revisions = Path.Combine(_folder, "data", "docker", "registry", "v2", "repositories", repository, "_manifests", "revisions", "sha256");
        return Directory.Exists(revisions) ? Directory.GetDirectories(revisions).Length : 0;
    }

    public void Dispose()
    {
        _process.Dispose();
        TryDelete(_certsFolder);
        TryDelete(_folder);
    }

    private static LocalRegistry Start()
    {
        foreach (string tool in new[] { "docker-registry", "htpasswd", "openssl" })
        {
            Assert.IsTrue(ProcessRunner.Run("sh", ["-c", $"command -v {tool}"]).Succeeded, $"{tool} is missing: run eng/test-env.sh.");
        }

        string folder = Path.Combine(TestEnvironment.WorkRoot, "registry-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        int port = FreePort();
        string host = $"127.0.0.1:{port}";
        string password = "pw-" + Guid.NewGuid().ToString("N");

        Run(folder, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=containerstages test CA");
        Run(folder, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        File.WriteAllText(Path.Combine(folder, "server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Run(folder, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
        Run(folder, "htpasswd", "-Bbc", "htpasswd", UserName, password);
        File.WriteAllText(Path.Combine(folder, "config.yml"), $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {folder}/data
              delete:
                enabled: true
            http:
              addr: {host}
              tls:
                certificate: {folder}/server.crt
                key: {folder}/server.key
            auth:
              htpasswd:
                realm: containerstages-test
                path: {folder}/htpasswd
            """);

        string certsFolder = $"/etc/docker/certs.d/{host}";
        Directory.CreateDirectory(certsFolder);
        File.Copy(Path.Combine(folder, "ca.crt"), Path.Combine(certsFolder, "ca.crt"), overwrite: true);

        var process = new RunningProcess("docker-registry", ["serve", Path.Combine(folder, "config.yml")], folder, new Dictionary<string, string?>());
        var registry = new LocalRegistry(process, folder, certsFolder, host, password, Path.Combine(folder, "ca.crt"));
        // Generous: on a machine busy with other builds the registry takes a while to listen.
        var deadline = DateTime.UtcNow.AddSeconds(60);
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

    private bool Answers()
    {
        try
        {
            using var client = NewClient();
            using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, $"https://{Host}/v2/"));
            return response.StatusCode == HttpStatusCode.Unauthorized;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private HttpClient NewClient()
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(CaPath);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    private static void Run(string folder, string program, params string[] arguments)
    {
        var result = ProcessRunner.Run(program, arguments, folder);
        Assert.IsTrue(result.Succeeded, result.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
