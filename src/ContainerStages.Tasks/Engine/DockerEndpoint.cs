using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContainerStages.DockerConfig;
using ContainerStages.Registry;
using ContainerStages.Resources;

namespace ContainerStages.Engine;

/// <summary>
/// Where the engine listens, resolved as the Docker CLI resolves it: DOCKER_HOST when set (with TLS
/// from DOCKER_TLS_VERIFY / DOCKER_TLS and the PEM files in DOCKER_CERT_PATH, else ~/.docker); else the
/// context named by DOCKER_CONTEXT or the config's currentContext (its meta.json under
/// contexts/meta/&lt;sha256 of the name&gt;/, its TLS files under contexts/tls/); else the platform's default
/// socket or pipe. An ssh:// address is reached through <see cref="SshTunnel"/>.
/// </summary>
internal static class DockerEndpoint
{
    private const string DefaultContext = "default";

    /// <param name="dockerHost">DOCKER_HOST as MSBuild sees it (a property may override the variable).</param>
    public static EngineEndpoint Resolve(string? dockerHost, IEnvironmentReader environment)
    {
        if (!string.IsNullOrWhiteSpace(dockerHost))
        {
            var address = Parse(dockerHost, "DOCKER_HOST");
            return new EngineEndpoint(address, address.Scheme == "ssh" ? null : TlsFromEnvironment(environment), "DOCKER_HOST");
        }

        string? context = environment.GetVariable("DOCKER_CONTEXT") is { Length: > 0 } named
            ? named
            : DockerConfigFile.Load(environment)?.CurrentContext;
        if (context is not null && context != DefaultContext)
        {
            return FromContext(context, environment);
        }

        var platformDefault = OperatingSystem.IsWindows()
            ? new Uri("npipe://./pipe/docker_engine")
            : new Uri("unix:///var/run/docker.sock");
        return new EngineEndpoint(platformDefault, null, "the default socket");
    }

    private static Uri Parse(string dockerHost, string source)
    {
        if (!Uri.TryCreate(dockerHost.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("unix" or "tcp" or "npipe" or "http" or "https" or "ssh"))
        {
            throw new ContainerStagesException(nameof(Strings.InvalidDockerHost), dockerHost);
        }

        if (uri.Scheme == "ssh")
        {
            // Refused here, before any build work, as the CLI refuses it before dialing.
            SshEngineAddress.Parse(uri, source);
        }

        return uri;
    }

    private static EngineTls? TlsFromEnvironment(IEnvironmentReader environment)
    {
        // The CLI turns TLS on for any non-empty value, "0" included.
        bool verify = !string.IsNullOrEmpty(environment.GetVariable("DOCKER_TLS_VERIFY"));
        bool tls = verify || !string.IsNullOrEmpty(environment.GetVariable("DOCKER_TLS"));
        if (!tls)
        {
            return null;
        }

        string folder = environment.GetVariable("DOCKER_CERT_PATH") is { Length: > 0 } certPath
            ? certPath
            : DockerConfigFile.Directory(environment);
        return TlsFiles(folder, verify, "DOCKER_CERT_PATH", requireAll: true);
    }

    private static EngineEndpoint FromContext(string name, IEnvironmentReader environment)
    {
        string configDirectory = DockerConfigFile.Directory(environment);
        string id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name))).ToLowerInvariant();
        string metaPath = Path.Combine(configDirectory, "contexts", "meta", id, "meta.json");
        if (!File.Exists(metaPath))
        {
            throw new ContainerStagesException(nameof(Strings.DockerContextNotFound), name, metaPath);
        }

        string? host;
        bool skipVerify;
        try
        {
            using var meta = JsonDocument.Parse(File.ReadAllText(metaPath));
            var docker = meta.RootElement.GetProperty("Endpoints").GetProperty("docker");
            host = docker.TryGetProperty("Host", out var hostElement) ? hostElement.GetString() : null;
            skipVerify = docker.TryGetProperty("SkipTLSVerify", out var skip) && skip.ValueKind == JsonValueKind.True;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            throw new ContainerStagesException(nameof(Strings.DockerContextNotFound), name, $"{metaPath} ({e.GetType().Name})");
        }

        if (string.IsNullOrWhiteSpace(host))
        {
            throw new ContainerStagesException(nameof(Strings.DockerContextNotFound), name, $"{metaPath} (no docker endpoint Host)");
        }

        string source = $"context '{name}'";
        var address = Parse(host, source);
        if (address.Scheme == "ssh")
        {
            return new EngineEndpoint(address, null, source);
        }

        // A context keeps its TLS files, when it has any, beside its meta data.
        string tlsFolder = Path.Combine(configDirectory, "contexts", "tls", id, "docker");
        var tls = Directory.Exists(tlsFolder) ? TlsFiles(tlsFolder, !skipVerify, $"context '{name}'", requireAll: false) : null;
        if (tls is null && skipVerify)
        {
            tls = new EngineTls(false, null, null, null);
        }

        return new EngineEndpoint(address, tls, source);
    }

    private static EngineTls TlsFiles(string folder, bool verify, string source, bool requireAll)
    {
        string ca = Path.Combine(folder, "ca.pem");
        string cert = Path.Combine(folder, "cert.pem");
        string key = Path.Combine(folder, "key.pem");
        var missing = new List<string>();
        if (verify && !File.Exists(ca))
        {
            missing.Add("ca.pem");
        }

        if (requireAll && !File.Exists(cert))
        {
            missing.Add("cert.pem");
        }

        if (requireAll && !File.Exists(key))
        {
            missing.Add("key.pem");
        }

        if (missing.Count > 0)
        {
            throw new ContainerStagesException(nameof(Strings.EngineTlsFilesMissing), folder, string.Join(", ", missing), source);
        }

        return new EngineTls(
            verify,
            File.Exists(ca) ? ca : null,
            File.Exists(cert) ? cert : null,
            File.Exists(key) ? key : null);
    }
}
