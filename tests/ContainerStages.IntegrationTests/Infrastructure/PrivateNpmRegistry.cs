using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// An npm registry on 127.0.0.1 that answers only a bearer token (npm's _authToken): the packument and
/// the tarball of one scoped package made for this run, so it exists nowhere else. The token is made
/// per instance, so a leak of it can be searched for.
/// </summary>
public sealed class PrivateNpmRegistry : IDisposable
{
    public const string Scope = "@cstg-private";

    private readonly HttpListener _listener = new();
    private readonly byte[] _tarball;
    private readonly CancellationTokenSource _stopping = new();
    private int _authorizedDownloads;

    public PrivateNpmRegistry()
    {
        Port = FreePort();
        Token = "npm-token-" + Guid.NewGuid().ToString("N");
        _tarball = MakeTarball();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    public int Port { get; }

    public string Token { get; }

    public string PackageName => $"{Scope}/probe";

    public string RegistryUrl => $"http://127.0.0.1:{Port}/";

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
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var response = context.Response;
        if (context.Request.Headers["Authorization"] != "Bearer " + Token)
        {
            response.StatusCode = 401;
            response.AddHeader("WWW-Authenticate", "Bearer realm=\"containerstages-test\"");
            response.Close();
            return;
        }

        // npm asks for a scoped package as /@scope%2fname.
        string path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
        byte[]? body = null;
        if (path == "/" + PackageName)
        {
            string integrity = "sha512-" + Convert.ToBase64String(SHA512.HashData(_tarball));
            string shasum = Convert.ToHexString(SHA1.HashData(_tarball)).ToLowerInvariant();
            string tarball = $"{RegistryUrl}{PackageName}/-/probe-1.0.0.tgz";
            var version = new { name = PackageName, version = "1.0.0", main = "index.js", dist = new { tarball, integrity, shasum } };
            var packument = new Dictionary<string, object>
            {
                ["name"] = PackageName,
                ["dist-tags"] = new { latest = "1.0.0" },
                ["versions"] = new Dictionary<string, object> { ["1.0.0"] = version },
            };
            body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(packument);
            response.ContentType = "application/json";
        }
        else if (path == $"/{PackageName}/-/probe-1.0.0.tgz")
        {
            body = _tarball;
            Interlocked.Increment(ref _authorizedDownloads);
        }

        if (body is null)
        {
            response.StatusCode = 404;
            response.Close();
            return;
        }

        response.StatusCode = 200;
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
        response.Close();
    }

    private byte[] MakeTarball()
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            Add(tar, "package/package.json", $$"""{"name":"{{PackageName}}","version":"1.0.0","main":"index.js"}""");
            Add(tar, "package/index.js", "module.exports = 'from the private npm registry';\n");
        }

        return memory.ToArray();
    }

    private static void Add(TarWriter tar, string name, string content) =>
        tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = (UnixFileMode)0b110_100_100 });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
