using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContainerStages.DockerConfig;
using ContainerStages.Resources;

namespace ContainerStages.Registry;

/// <summary>
/// The few Distribution API calls the engine has no endpoint for: reading a pushed manifest by digest
/// and putting an image index under a tag. Answers a registry's Basic or Bearer challenge with the
/// same credentials the engine pushed with. A loopback registry may be plain HTTP (the engine treats
/// 127.0.0.0/8 as insecure and falls back to HTTP there, so this does too); any other is HTTPS only.
/// </summary>
internal sealed class RegistryClient : IImageIndexRegistry
{
    private readonly HttpClient _http;
    private readonly string _registry;
    private readonly RegistryCredentials? _credentials;
    private string? _scheme;
    private AuthenticationHeaderValue? _authorization;

    public RegistryClient(string registry, RegistryCredentials? credentials, HttpMessageHandler handler)
    {
        _registry = registry;
        _credentials = credentials;
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("ContainerStages");
    }

    public static RegistryClient Create(string registry, RegistryCredentials? credentials) =>
        new(registry, credentials, new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => RegistryCertificates.Validate(registry, certificate, errors) },
        });

    /// <summary>Whether the host is a loopback address or localhost, where the engine allows plain HTTP.</summary>
    public static bool IsLoopback(string registry)
    {
        string host = registry.StartsWith('[') ? registry[1..registry.IndexOf(']')] : registry.Split(':')[0];
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>The registry's manifest for a digest the engine reported, checked against that digest.</summary>
    public async Task<ManifestDescriptor> GetManifestAsync(string repository, string digest, string platform, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            uri =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(uri, $"/v2/{repository}/manifests/{digest}"));
                foreach (string type in ManifestMediaTypes.All)
                {
                    request.Headers.Accept.ParseAdd(type);
                }

                return request;
            },
            repository,
            $"{_registry}/{repository}@{digest}",
            cancellationToken).ConfigureAwait(false);
        byte[] content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        string actual = Sha256Digest(content);
        if (actual != digest)
        {
            throw new ContainerStagesException(nameof(Strings.RegistryManifestDigestMismatch), _registry, $"{repository}@{digest}", actual);
        }

        string mediaType = response.Content.Headers.ContentType?.MediaType ?? MediaTypeOf(content);
        return new ManifestDescriptor(mediaType, digest, content.Length, platform);
    }

    /// <summary>Puts the index under the tag; returns the digest the registry stored it under (the index's own).</summary>
    public async Task<string> PutIndexAsync(string repository, string tag, ImageIndexDocument index, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            uri =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, new Uri(uri, $"/v2/{repository}/manifests/{tag}"))
                {
                    Content = new ByteArrayContent(index.Content),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(index.MediaType);
                return request;
            },
            repository,
            $"{_registry}/{repository}:{tag}",
            cancellationToken).ConfigureAwait(false);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var digests) && digests.FirstOrDefault() is { } stored && stored != index.Digest)
        {
            throw new ContainerStagesException(nameof(Strings.RegistryManifestDigestMismatch), _registry, $"{repository}:{tag}", stored);
        }

        return index.Digest;
    }

    public void Dispose() => _http.Dispose();

    private static string Sha256Digest(byte[] content) => "sha256:" + Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();

    private static string MediaTypeOf(byte[] content)
    {
        using var document = JsonDocument.Parse(content);
        return document.RootElement.TryGetProperty("mediaType", out var type) ? type.GetString() ?? ManifestMediaTypes.OciManifest : ManifestMediaTypes.OciManifest;
    }

    private async Task<HttpResponseMessage> SendAsync(Func<Uri, HttpRequestMessage> create, string repository, string target, CancellationToken cancellationToken)
    {
        var response = await SendOnceAsync(create, target, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && response.Headers.WwwAuthenticate.FirstOrDefault() is { } header)
        {
            var challenge = RegistryAuthChallenge.Parse(header.Scheme, header.Parameter);
            response.Dispose();
            _authorization = await AuthorizeAsync(challenge, repository, target, cancellationToken).ConfigureAwait(false);
            response = await SendOnceAsync(create, target, cancellationToken).ConfigureAwait(false);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string answer = $"{(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(body)}";
        var status = response.StatusCode;
        response.Dispose();
        throw status switch
        {
            HttpStatusCode.Unauthorized => new ContainerStagesException(
                nameof(Strings.PushUnauthorized), _registry, target, answer, _credentials is null ? "no credentials were found" : $"the credentials came from {_credentials.Source}"),
            HttpStatusCode.Forbidden => new ContainerStagesException(nameof(Strings.PushDenied), target, answer),
            _ => new ContainerStagesException(nameof(Strings.RegistryRequestFailed), _registry, target, answer),
        };
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Func<Uri, HttpRequestMessage> create, string target, CancellationToken cancellationToken)
    {
        if (_scheme is null && IsLoopback(_registry))
        {
            // As the engine does for an insecure registry: HTTPS first, then plain HTTP.
            try
            {
                var secure = await SendWithSchemeAsync("https", create, target, cancellationToken).ConfigureAwait(false);
                _scheme = "https";
                return secure;
            }
            catch (ContainerStagesException)
            {
                _scheme = "http";
            }
        }

        return await SendWithSchemeAsync(_scheme ?? "https", create, target, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendWithSchemeAsync(string scheme, Func<Uri, HttpRequestMessage> create, string target, CancellationToken cancellationToken)
    {
        using var request = create(new Uri($"{scheme}://{_registry}"));
        request.Headers.Authorization = _authorization;
        try
        {
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (Find<AuthenticationException>(e) is { } tls)
        {
            throw new ContainerStagesException(nameof(Strings.RegistryTlsFailed), _registry, tls.Message);
        }
        catch (HttpRequestException e) when (Find<SocketException>(e) is { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } dns)
        {
            throw new ContainerStagesException(nameof(Strings.RegistryHostUnknown), _registry, dns.Message);
        }
        catch (HttpRequestException e)
        {
            throw new ContainerStagesException(nameof(Strings.RegistryRequestFailed), _registry, target, e.Message);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ContainerStagesException(nameof(Strings.RegistryRequestFailed), _registry, target, "no answer in " + _http.Timeout.TotalSeconds + " s: " + e.Message);
        }
    }

    private async Task<AuthenticationHeaderValue?> AuthorizeAsync(RegistryAuthChallenge challenge, string repository, string target, CancellationToken cancellationToken)
    {
        if (challenge.IsBasic)
        {
            return _credentials is null || _credentials.IdentityToken is not null ? null : Basic(_credentials);
        }

        if (!challenge.IsBearer || challenge.Realm is null)
        {
            return null;
        }

        string scope = $"repository:{repository}:pull,push";
        using var request = TokenRequest(challenge, scope);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ContainerStagesException(nameof(Strings.RegistryRequestFailed), _registry, target, $"the token service {challenge.Realm} cannot be reached: {e.Message}");
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ContainerStagesException(
                    nameof(Strings.PushUnauthorized), _registry, target, $"the token service {challenge.Realm} answered {(int)response.StatusCode}: {Shorten(body)}",
                    _credentials is null ? "no credentials were found" : $"the credentials came from {_credentials.Source}");
            }

            using var document = JsonDocument.Parse(body);
            string? token = document.RootElement.TryGetProperty("access_token", out var access) ? access.GetString()
                : document.RootElement.TryGetProperty("token", out var plain) ? plain.GetString() : null;
            return token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private HttpRequestMessage TokenRequest(RegistryAuthChallenge challenge, string scope)
    {
        string service = challenge.Service ?? string.Empty;
        if (_credentials?.IdentityToken is { } refreshToken)
        {
            // A credential helper's refresh token is exchanged with the OAuth2 form post, as the engine does.
            return new HttpRequestMessage(HttpMethod.Post, challenge.Realm)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = refreshToken,
                    ["service"] = service,
                    ["scope"] = scope,
                    ["client_id"] = "containerstages",
                }),
            };
        }

        var request = new HttpRequestMessage(HttpMethod.Get, $"{challenge.Realm}?service={Uri.EscapeDataString(service)}&scope={Uri.EscapeDataString(scope)}");
        if (_credentials is not null)
        {
            request.Headers.Authorization = Basic(_credentials);
        }

        return request;
    }

    private static AuthenticationHeaderValue Basic(RegistryCredentials credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));

    private static string Shorten(string body)
    {
        string line = body.ReplaceLineEndings(" ").Trim();
        return line.Length > 300 ? line[..300] + "..." : line;
    }

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
