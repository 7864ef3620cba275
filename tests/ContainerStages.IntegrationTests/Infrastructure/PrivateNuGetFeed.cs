using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// A NuGet v3 feed on 127.0.0.1 with basic auth (a service index and the flat container, what restore
/// reads), serving one package made for this run, so it exists nowhere else. The password is made per
/// instance, so a leak of it (or of its base64 in an Authorization header) can be searched for.
/// </summary>
public sealed class PrivateNuGetFeed : IDisposable
{
    public const string UserName = "feed-user";

    private readonly HttpListener _listener = new();
    private readonly byte[] _package;
    private readonly CancellationTokenSource _stopping = new();
    private int _authorizedDownloads;

    public PrivateNuGetFeed()
    {
        Port = FreePort();
        Password = "feed-pw-" + Guid.NewGuid().ToString("N");
        PackageId = "ContainerStages.PrivateProbe" + Guid.NewGuid().ToString("N")[..8];
        _package = MakePackage(PackageId, PackageVersion);
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    public int Port { get; }

    public string Password { get; }

    public string PackageId { get; }

    public string PackageVersion => "1.0.0";

    public string IndexUrl => $"http://127.0.0.1:{Port}/v3/index.json";

    /// <summary>What a client sends in its Authorization header: the base64 of user:password.</summary>
    public string BasicAuthToken => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{Password}"));

    /// <summary>How often the package itself was downloaded with the right login.</summary>
    public int AuthorizedDownloads => Volatile.Read(ref _authorizedDownloads);

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Answer(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The client went away.
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var response = context.Response;
        if (context.Request.Headers["Authorization"] != "Basic " + BasicAuthToken)
        {
            response.StatusCode = 401;
            response.AddHeader("WWW-Authenticate", "Basic realm=\"containerstages-test\"");
            response.Close();
            return;
        }

        string path = context.Request.Url!.AbsolutePath;
        string lowerId = PackageId.ToLowerInvariant();
        byte[]? body = path switch
        {
            "/v3/index.json" => Encoding.UTF8.GetBytes($$"""{"version":"3.0.0","resources":[{"@id":"http://127.0.0.1:{{Port}}/v3/flat/","@type":"PackageBaseAddress/3.0.0"}]}"""),
            _ when path == $"/v3/flat/{lowerId}/index.json" => Encoding.UTF8.GetBytes($$"""{"versions":["{{PackageVersion}}"]}"""),
            _ when path == $"/v3/flat/{lowerId}/{PackageVersion}/{lowerId}.{PackageVersion}.nupkg" => _package,
            _ => null,
        };
        if (body is null)
        {
            response.StatusCode = 404;
            response.Close();
            return;
        }

        if (ReferenceEquals(body, _package))
        {
            Interlocked.Increment(ref _authorizedDownloads);
        }

        response.StatusCode = 200;
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
        response.Close();
    }

    /// <summary>A package with a nuspec and a library folder with no assemblies: restore takes it, the build needs nothing from it.</summary>
    private static byte[] MakePackage(string id, string version)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, $"{id}.nuspec", $"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata>
                    <id>{id}</id>
                    <version>{version}</version>
                    <authors>containerstages-test</authors>
                    <description>Exists only on a private test feed.</description>
                  </metadata>
                </package>
                """);
            Write(zip, "lib/netstandard2.0/_._", string.Empty);
        }

        return memory.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
