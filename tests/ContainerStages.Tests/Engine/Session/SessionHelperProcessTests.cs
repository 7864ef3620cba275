using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ContainerStages.Engine;
using ContainerStages.Engine.Session;
using ContainerStages.Tests.Engine.BuildKit;

namespace ContainerStages.Tests.Engine.Session;

/// <summary>
/// The real session helper (session/ContainerStages.Session.dll beside the tests), spoken to as the
/// engine speaks to it after the upgrade: gRPC over HTTP/2 with prior knowledge, on its unix socket.
/// </summary>
[TestClass]
public sealed class SessionHelperProcessTests
{
    private static readonly BuildSessionContents Contents = new()
    {
        Secrets = new Dictionary<string, byte[]> { ["api-token"] = Encoding.UTF8.GetBytes("t0ken ✓") },
        RegistryLogins = new Dictionary<string, SessionRegistryLogin>(StringComparer.OrdinalIgnoreCase) { ["registry.example:5000"] = new("ci", "pw") },
    };

    [TestMethod]
    public async Task Helper_ServesASecret_AndNotFoundForAnotherId()
    {
        await using var helper = await StartAsync(Contents);
        using var client = Client(helper.SocketPath);

        var (status, body) = await CallAsync(client, "/moby.buildkit.secrets.v1.Secrets/GetSecret", new ProtobufTestWriter().String(1, "api-token").ToArray());
        Assert.AreEqual("0", status);
        CollectionAssert.AreEqual(Encoding.UTF8.GetBytes("t0ken ✓"), ReadBytesField(body, 1));

        var (missing, _) = await CallAsync(client, "/moby.buildkit.secrets.v1.Secrets/GetSecret", new ProtobufTestWriter().String(1, "other").ToArray());
        Assert.AreEqual("5", missing, "BuildKit reads NotFound as 'no such secret'.");
    }

    [TestMethod]
    public async Task Helper_AnswersTheEnginesHealthCheck_AsServing()
    {
        await using var helper = await StartAsync(Contents);
        using var client = Client(helper.SocketPath);

        var (status, body) = await CallAsync(client, "/grpc.health.v1.Health/Check", []);

        Assert.AreEqual("0", status);
        CollectionAssert.AreEqual(new byte[] { 0x08, 0x01 }, body, "HealthCheckResponse { status: SERVING }");
    }

    [TestMethod]
    public async Task Helper_GivesTheLoginOfAKnownRegistry_AndEmptyCredentialsOtherwise()
    {
        await using var helper = await StartAsync(Contents);
        using var client = Client(helper.SocketPath);

        var (status, body) = await CallAsync(client, "/moby.filesync.v1.Auth/Credentials", new ProtobufTestWriter().String(1, "registry.example:5000").ToArray());
        Assert.AreEqual("0", status);
        Assert.AreEqual("ci", Encoding.UTF8.GetString(ReadBytesField(body, 1)));
        Assert.AreEqual("pw", Encoding.UTF8.GetString(ReadBytesField(body, 2)));

        var (anonymous, empty) = await CallAsync(client, "/moby.filesync.v1.Auth/Credentials", new ProtobufTestWriter().String(1, "docker.io").ToArray());
        Assert.AreEqual("0", anonymous);
        Assert.IsEmpty(empty);

        var (authority, _) = await CallAsync(client, "/moby.filesync.v1.Auth/GetTokenAuthority", new ProtobufTestWriter().String(1, "registry.example:5000").ToArray());
        Assert.AreEqual("12", authority, "Unimplemented makes BuildKit fetch the token itself with the credentials.");
    }

    [TestMethod]
    public async Task Helper_WritesTheTarExportersStream_ToTheExportFile()
    {
        await using var helper = await StartAsync(Contents);
        using var client = Client(helper.SocketPath);
        byte[] first = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
        byte[] second = Encoding.ASCII.GetBytes("the end");

        var (status, _) = await CallAsync(client, "/moby.filesync.v1.FileSend/DiffCopy", new ProtobufTestWriter().Bytes(1, first).ToArray(), new ProtobufTestWriter().Bytes(1, second).ToArray());

        Assert.AreEqual("0", status);
        CollectionAssert.AreEqual(first.Concat(second).ToArray(), File.ReadAllBytes(helper.ExportPath));
    }

    [TestMethod]
    public async Task Helper_WithoutAnSshAgent_AnswersNotFound()
    {
        await using var helper = await StartAsync(Contents);
        using var client = Client(helper.SocketPath);

        var (status, _) = await CallAsync(client, "/moby.sshforward.v1.SSH/CheckAgent", new ProtobufTestWriter().String(1, "default").ToArray());

        Assert.AreEqual("5", status);
    }

    [TestMethod]
    public async Task Dispose_StopsTheHelper_AndRemovesItsSocketAndFolder()
    {
        var helper = await StartAsync(Contents);
        var process = Process.GetProcessById(helper.ProcessId);
        string folder = Path.GetDirectoryName(helper.SocketPath)!;
        Assert.IsTrue(File.Exists(helper.SocketPath), "The helper is not listening on its socket.");

        var stopwatch = Stopwatch.StartNew();
        await helper.DisposeAsync();

        Assert.IsTrue(process.HasExited, "The helper still runs after its input closed.");
        Assert.IsFalse(Directory.Exists(folder), "The helper's folder (and socket) is left behind.");
        Console.WriteLine($"The helper stopped {stopwatch.ElapsedMilliseconds} ms after its input closed.");
    }

    [TestMethod]
    public async Task Helper_ListensInAFolderOnlyThisUserMayEnter()
    {
        await using var helper = await StartAsync(Contents);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(Path.GetDirectoryName(helper.SocketPath)!);
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, mode);
    }

    [TestMethod]
    public void Configuration_HoldsTheSecretsForStandardInput_AndNamesItsSocket()
    {
        string json = SessionHelperProcess.Configuration(Contents, "/tmp/x/session.sock", null);

        StringAssert.Contains(json, Convert.ToBase64String(Encoding.UTF8.GetBytes("t0ken ✓")));
        StringAssert.Contains(json, "\"socket\":\"/tmp/x/session.sock\"");
        Assert.DoesNotContain("t0ken", json, "The secret's text should travel base64-encoded.");
    }

    [TestMethod]
    public void Start_WithoutTheHelperFile_IsASessionRefusal()
    {
        var refused = Assert.ThrowsExactly<SessionRefusedException>(() => SessionHelperProcess.Start(Contents, "/nonexistent/ContainerStages.Session.dll"));

        StringAssert.Contains(refused.Message, "missing");
    }

    private static async Task<SessionHelperProcess> StartAsync(BuildSessionContents contents)
    {
        var stopwatch = Stopwatch.StartNew();
        var helper = SessionHelperProcess.Start(contents);
        await helper.WaitReadyAsync(CancellationToken.None);
        Console.WriteLine($"The helper listened {stopwatch.ElapsedMilliseconds} ms after it was started.");
        return helper;
    }

    /// <summary>HTTP/2 with prior knowledge over the unix socket: what the engine's gRPC client speaks after the upgrade.</summary>
    private static HttpClient Client(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
    }

    /// <returns>The grpc-status and the first response message.</returns>
    private static async Task<(string Status, byte[] Body)> CallAsync(HttpClient client, string method, params byte[][] messages)
    {
        var frames = new MemoryStream();
        foreach (byte[] message in messages.Length == 0 ? [[]] : messages)
        {
            frames.WriteByte(0);
            frames.Write([(byte)(message.Length >> 24), (byte)(message.Length >> 16), (byte)(message.Length >> 8), (byte)message.Length]);
            frames.Write(message);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "http://session" + method)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frames.ToArray()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        using var response = await client.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(new Version(2, 0), response.Version);
        byte[] body = await response.Content.ReadAsByteArrayAsync();

        // A call that fails at once answers trailers-only: the status is in the headers.
        string status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.First()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.First()
            : "none";
        byte[] first = body.Length >= 5 ? body[5..(5 + ((body[1] << 24) | (body[2] << 16) | (body[3] << 8) | body[4]))] : [];
        return (status, first);
    }

    /// <summary>A length-delimited field's bytes from a flat protobuf message.</summary>
    private static byte[] ReadBytesField(byte[] message, int field)
    {
        int position = 0;
        while (position < message.Length)
        {
            int tag = message[position++];
            int length = 0;
            int shift = 0;
            byte next;
            do
            {
                next = message[position++];
                length |= (next & 0x7f) << shift;
                shift += 7;
            }
            while ((next & 0x80) != 0);

            if (tag >> 3 == field && (tag & 7) == 2)
            {
                return message[position..(position + length)];
            }

            position += length;
        }

        return [];
    }
}
