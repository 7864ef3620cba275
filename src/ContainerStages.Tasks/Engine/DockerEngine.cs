using System.Net.Sockets;
using System.Text.Json;
using ContainerStages.DockerConfig;
using ContainerStages.Naming;
using ContainerStages.Registry;
using ContainerStages.Resources;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.Models;
using Version = System.Version;

namespace ContainerStages.Engine;

/// <summary><see cref="IContainerEngine"/> over the Docker Engine API, through Docker.DotNet.</summary>
internal sealed class DockerEngine : IContainerEngine
{
    // The first API version whose /build takes version=2 (BuildKit).
    internal static readonly Version MinimumApiVersion = new(1, 39);

    // The newest API this client speaks; an engine that is newer is pinned down to it.
    internal static readonly Version ClientApiVersion = new(1, 47);

    private readonly EngineEndpoint _endpoint;
    private readonly TimeSpan _connectTimeout;
    private DockerClient? _client;
    private DockerClient? _clientForBuild;
    private Version? _pinnedApiVersion;
    private SshTunnel? _sshTunnel;

    public DockerEngine(EngineEndpoint endpoint, TimeSpan connectTimeout)
    {
        _endpoint = endpoint;
        _connectTimeout = connectTimeout;
    }

    public async Task<EngineInfo> ConnectAsync(CancellationToken cancellationToken)
    {
        // Neither Docker.DotNet client negotiates: an unversioned /version tells what the engine
        // speaks, and every later request is pinned to the lower of the two versions.
        VersionResponse version;
        using (var probe = NewBuilder().Build())
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // Through ssh the first answer also waits for the login and the far side's docker to start.
            var answerTimeout = _sshTunnel is null ? _connectTimeout : _connectTimeout + SshLoginAllowance;
            timeout.CancelAfter(answerTimeout);
            try
            {
                version = await probe.System.GetVersionAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_sshTunnel?.Failure is { } ssh && !cancellationToken.IsCancellationRequested)
            {
                throw SshError(ssh);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ContainerStagesException(nameof(Strings.EngineUnreachable), _endpoint, $"no answer within {answerTimeout.TotalSeconds:0} s");
            }
            catch (Exception e) when (IsPermissionDenied(e))
            {
                throw new ContainerStagesException(nameof(Strings.EnginePermissionDenied), _endpoint);
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException or DockerApiException or TimeoutException)
            {
                throw new ContainerStagesException(nameof(Strings.EngineUnreachable), _endpoint, Describe(e));
            }
        }

        if (!Version.TryParse(version.APIVersion, out var engineApi) || engineApi < MinimumApiVersion)
        {
            throw new ContainerStagesException(nameof(Strings.EngineTooOld), _endpoint, version.APIVersion, MinimumApiVersion);
        }

        var pinned = engineApi < ClientApiVersion ? engineApi : ClientApiVersion;
        _client?.Dispose();
        _client = NewBuilder().WithApiVersion(pinned).Build();
        _pinnedApiVersion = pinned;
        return new EngineInfo(_endpoint.Address, version.Version, pinned, version.Os, version.Arch);
    }

    private static readonly TimeSpan SshLoginAllowance = TimeSpan.FromSeconds(10);

    /// <param name="sessionId">Adds session=ID to /build requests (the library's build parameters have no such field).</param>
    private DockerClientBuilder NewBuilder(string? sessionId = null)
    {
        if (_endpoint.Address.Scheme == "ssh")
        {
            _sshTunnel ??= SshTunnel.Start(SshEngineAddress.Parse(_endpoint.Address, _endpoint.Source), _connectTimeout, _endpoint.Source);
            var tunnelled = new DockerClientBuilder().WithEndpoint(_sshTunnel.SocketAddress);
            return sessionId is null ? tunnelled : tunnelled.WithAuthProvider(new SessionQueryAuthProvider(null, sessionId));
        }

        var builder = new DockerClientBuilder().WithEndpoint(_endpoint.Address);
        IAuthProvider? auth = _endpoint.Tls is { } tls ? new EngineTlsAuthProvider(tls) : null;
        if (sessionId is not null)
        {
            auth = new SessionQueryAuthProvider(auth, sessionId);
        }

        return auth is null ? builder : builder.WithAuthProvider(auth);
    }

    public async Task<(Stream Connection, byte[] Preface)> OpenSessionAsync(string sessionId, string name, string sharedKey, CancellationToken cancellationToken)
    {
        var address = _endpoint.Address.Scheme == "ssh" ? _sshTunnel!.SocketAddress : _endpoint.Address;
        Stream connection;
        string host;
        try
        {
            (connection, host) = await EngineConnectionDialer.DialAsync(address, _endpoint.Address.Scheme == "ssh" ? null : _endpoint.Tls, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException or TimeoutException)
        {
            throw new SessionRefusedException($"cannot connect to {_endpoint}: {Describe(e)}");
        }

        try
        {
            byte[] preface = await SessionUpgrade.UpgradeAsync(connection, SessionUpgrade.Request(host, _pinnedApiVersion!, sessionId, name, sharedKey), cancellationToken).ConfigureAwait(false);
            return (connection, preface);
        }
        catch (Exception e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (e is IOException or SocketException)
            {
                throw new SessionRefusedException($"the connection to {_endpoint} failed during the upgrade: {Describe(e)}");
            }

            throw;
        }
    }

    private ContainerStagesException SshError(SshFailure ssh)
    {
        var address = SshEngineAddress.Parse(_endpoint.Address, _endpoint.Source);
        string url = SshEngineAddress.Url(_endpoint.Address);
        return ssh.RemoteCommandFailed
            ? new ContainerStagesException(nameof(Strings.SshRemoteDockerFailed), url, ssh.ExitCode, ssh.Reason)
            : new ContainerStagesException(nameof(Strings.SshConnectionFailed), url, ssh.ExitCode, ssh.Reason, address.CommandLine(_connectTimeout));
    }

    public async Task<Stream> StartBuildAsync(Stream contextTar, ImageBuildRequest request, CancellationToken cancellationToken)
    {
        var parameters = new ImageBuildParameters
        {
            Version = "2",
            Dockerfile = request.DockerfilePath,
            Target = request.Target.Length > 0 ? request.Target : null,
            Tags = request.Tags.ToList(),
            Labels = request.Labels.ToDictionary(),
            BuildArgs = BuildArguments(request),
            Platform = request.Platform,

            // The engine reads cachefrom as one JSON array; the client would repeat the parameter
            // once per image, which the engine answers with HTTP 500.
            CacheFrom = request.CacheFrom.Count == 0 ? null : [JsonSerializer.Serialize(request.CacheFrom)],
            Remove = true,
            ForceRemove = true,
            NetworkMode = request.NetworkMode,
            Outputs = request.Outputs,
        };

        // The raw-stream overload is marked obsolete in favour of one that takes IProgress<JSONMessage>,
        // but that one throws on BuildKit's trace lines (their aux is a base64 string, not an object),
        // so the response has to be read here.
        // The raw-stream call takes no credentials, so the registries' logins for FROM ride in a
        // client of this build's own whose every request carries X-Registry-Config.
        // A build with a session names it in a query parameter the client library has no field for.
        var client = Client;
        if (request.RegistryCredentials.Count > 0 || request.SessionId is not null)
        {
            _clientForBuild?.Dispose();
            var builder = NewBuilder(request.SessionId).WithApiVersion(_pinnedApiVersion!);
            if (request.RegistryCredentials.Count > 0)
            {
                builder = builder.WithHeader("X-Registry-Config", RegistryConfigHeader(request.RegistryCredentials));
            }

            _clientForBuild = builder.Build();
            client = _clientForBuild;
        }

#pragma warning disable CS0618
        return await client.Images.BuildImageFromDockerfileAsync(contextTar, parameters, cancellationToken).ConfigureAwait(false);
#pragma warning restore CS0618
    }

    // Inline cache metadata lets a pushed image seed another machine's cache (ContainerStagesCacheFrom),
    // but BuildKit writes it in an order that varies between runs: only images built for that get it.
    private static Dictionary<string, string> BuildArguments(ImageBuildRequest request)
    {
        var arguments = new Dictionary<string, string>(request.BuildArgs);
        if (request.InlineCache)
        {
            arguments["BUILDKIT_INLINE_CACHE"] = "1";
        }

        return arguments;
    }

    public async Task<ImageDetails> InspectImageAsync(string imageId, CancellationToken cancellationToken)
    {
        var image = await Client.Images.InspectImageAsync(imageId, cancellationToken).ConfigureAwait(false);
        string? platform = string.IsNullOrEmpty(image.Architecture) ? null
            : $"{image.Os}/{image.Architecture}" + (string.IsNullOrEmpty(image.Variant) ? string.Empty : "/" + image.Variant);
        return new ImageDetails(image.ID, image.Size, image.Config?.User, image.RepoTags?.ToList() ?? [], platform);
    }

    public async Task<ImageDetails?> TryInspectImageAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await InspectImageAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<ImageHistoryEntry>> GetImageHistoryAsync(string image, CancellationToken cancellationToken)
    {
        var history = await Client.Images.GetImageHistoryAsync(image, cancellationToken).ConfigureAwait(false);
        return history.Reverse().Select(h => new ImageHistoryEntry(h.Size, h.CreatedBy ?? string.Empty)).ToList();
    }

    public async Task RemoveUntaggedImageAsync(string imageId, CancellationToken cancellationToken)
    {
        // Deleting by id would also untag an image that one reference still names (docker rmi does that).
        if (await TryInspectImageAsync(imageId, cancellationToken).ConfigureAwait(false) is not { } image || image.RepoTags.Any(t => t != "<none>:<none>"))
        {
            return;
        }

        try
        {
            await Client.Images.DeleteImageAsync(imageId, new ImageDeleteParameters { Force = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException)
        {
            // A container made from it keeps it; that is the user's to remove, never worth failing a build.
        }
    }

    public async Task<string?> PullImageAsync(string image, RegistryCredentials credentials, CancellationToken cancellationToken)
    {
        var parameters = image.Contains('@', StringComparison.Ordinal)
            ? new ImagesCreateParameters { FromImage = image }
            : new ImagesCreateParameters { FromImage = Naming.ImageReference.Split(image).Repository, Tag = Naming.ImageReference.Split(image).Tag };
        var collector = new PushMessageCollector();
        try
        {
            await Client.Images.CreateImageAsync(parameters, ToAuthConfig(RegistryOf(image), credentials), collector, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            return FirstLine(ApiMessage(e));
        }

        return collector.ErrorMessage;
    }

    private static AuthConfig ToAuthConfig(string serverAddress, RegistryCredentials credentials) => new()
    {
        ServerAddress = serverAddress,
        Username = NullIfEmpty(credentials.Username),
        Password = NullIfEmpty(credentials.Password),
        IdentityToken = credentials.IdentityToken,
    };

    public Task TagImageAsync(string image, string repository, string tag, CancellationToken cancellationToken) =>
        Client.Images.TagImageAsync(image, new ImageTagParameters { RepositoryName = repository, Tag = tag }, cancellationToken);

    public async Task<ImagePushResponse> PushImageAsync(string repository, string tag, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var auth = credentials is null ? new AuthConfig() : ToAuthConfig(RegistryOf(repository), credentials);
        var collector = new PushMessageCollector();
        try
        {
            await Client.Images.PushImageAsync(repository, new ImagePushParameters { Tag = tag }, auth, collector, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            // The engine answers before streaming when it cannot even start (no such image, a bad name).
            return new ImagePushResponse(null, FirstLine(ApiMessage(e)));
        }

        return collector.ToResponse();
    }

    public async Task<string?> GetDataRootAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = await Client.System.GetSystemInfoAsync(cancellationToken).ConfigureAwait(false);
            return string.IsNullOrEmpty(info.DockerRootDir) ? null : info.DockerRootDir;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException)
        {
            return null;
        }
    }

    public async Task<Stream> SaveImagesAsync(IReadOnlyList<string> images, CancellationToken cancellationToken) =>
        new EmptyReadGuardStream(await Client.Images.SaveImagesAsync([.. images], cancellationToken).ConfigureAwait(false));

    public void Dispose()
    {
        _clientForBuild?.Dispose();
        _client?.Dispose();
        _sshTunnel?.Dispose();
    }

    /// <summary>The engine's X-Registry-Config: URL-safe base64 of a JSON map from registry host to its login.</summary>
    internal static string RegistryConfigHeader(IReadOnlyDictionary<string, RegistryCredentials> credentials)
    {
        var map = credentials.ToDictionary(
            entry => entry.Key,
            entry => new Dictionary<string, string?>
            {
                ["username"] = NullIfEmpty(entry.Value.Username),
                ["password"] = NullIfEmpty(entry.Value.Password),
                ["identitytoken"] = entry.Value.IdentityToken,
                ["serveraddress"] = entry.Key,
            }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
        string json = JsonSerializer.Serialize(map);
        return Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).Replace('+', '-').Replace('/', '_');
    }

    private DockerClient Client => _client ?? throw new InvalidOperationException("ConnectAsync must succeed first.");

    private static string RegistryOf(string repository) => RegistryCredentialResolver.ServerAddress(RegistryCredentialResolver.RegistryOf(repository));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string ApiMessage(DockerApiException e)
    {
        if (!string.IsNullOrWhiteSpace(e.ResponseBody))
        {
            try
            {
                using var body = JsonDocument.Parse(e.ResponseBody);
                if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString()!;
                }
            }
            catch (JsonException)
            {
            }

            return e.ResponseBody;
        }

        return e.Message;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    internal static bool IsPermissionDenied(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is UnauthorizedAccessException || (inner is SocketException socket && socket.SocketErrorCode == SocketError.AccessDenied))
            {
                return true;
            }
        }

        return false;
    }

    internal static string Describe(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.AddressNotAvailable or SocketError.ConnectionRefused => "nothing is listening there",
                    SocketError.HostNotFound or SocketError.NoData => "the host name does not resolve",
                    _ => socket.Message,
                };
            }
        }

        return e.GetBaseException().Message;
    }
}
