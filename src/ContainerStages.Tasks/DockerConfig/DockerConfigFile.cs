using System.Text;
using System.Text.Json;
using ContainerStages.Resources;

namespace ContainerStages.DockerConfig;

/// <summary>
/// The parts of the Docker CLI's config.json that ContainerStages reads: stored logins (auths),
/// credential helpers (credsStore, credHelpers) and the current context. Found where the CLI finds
/// it: in DOCKER_CONFIG when set, else ~/.docker.
/// </summary>
internal sealed class DockerConfigFile
{
    private DockerConfigFile(string path, IReadOnlyDictionary<string, StoredLogin> auths, string? credsStore, IReadOnlyDictionary<string, string> credHelpers, string? currentContext)
    {
        Path = path;
        Auths = auths;
        CredsStore = credsStore;
        CredHelpers = credHelpers;
        CurrentContext = currentContext;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, StoredLogin> Auths { get; }

    public string? CredsStore { get; }

    public IReadOnlyDictionary<string, string> CredHelpers { get; }

    public string? CurrentContext { get; }

    public static string Directory(IEnvironmentReader environment) =>
        environment.GetVariable("DOCKER_CONFIG") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(environment.HomeDirectory, ".docker");

    /// <summary>The file, or null when there is none (no login was ever made).</summary>
    public static DockerConfigFile? Load(IEnvironmentReader environment)
    {
        string path = System.IO.Path.Combine(Directory(environment), "config.json");
        if (!File.Exists(path))
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContainerStagesException(nameof(Strings.DockerConfigInvalid), path, e.Message);
        }

        return Parse(text, path);
    }

    internal static DockerConfigFile Parse(string json, string path)
    {
        var auths = new Dictionary<string, StoredLogin>(StringComparer.OrdinalIgnoreCase);
        var helpers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? credsStore = null;
        string? currentContext = null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ContainerStagesException(nameof(Strings.DockerConfigInvalid), path, "it is not a JSON object");
            }

            if (root.TryGetProperty("auths", out var authsElement) && authsElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in authsElement.EnumerateObject())
                {
                    if (ReadLogin(entry.Name, entry.Value, path) is { } login)
                    {
                        auths[entry.Name] = login;
                    }
                }
            }

            if (root.TryGetProperty("credHelpers", out var helpersElement) && helpersElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in helpersElement.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.String))
                {
                    helpers[entry.Name] = entry.Value.GetString()!;
                }
            }

            credsStore = String(root, "credsStore");
            currentContext = String(root, "currentContext");
        }
        catch (JsonException e)
        {
            // JsonException's message quotes no content, only the position.
            throw new ContainerStagesException(nameof(Strings.DockerConfigInvalid), path, $"not valid JSON at line {e.LineNumber + 1}");
        }

        return new DockerConfigFile(path, auths, string.IsNullOrWhiteSpace(credsStore) ? null : credsStore, helpers, string.IsNullOrWhiteSpace(currentContext) ? null : currentContext);
    }

    private static StoredLogin? ReadLogin(string key, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? identityToken = String(value, "identitytoken");
        if (String(value, "auth") is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                throw new ContainerStagesException(nameof(Strings.DockerConfigInvalid), path, $"the login for '{key}' is not base64");
            }

            int colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new ContainerStagesException(nameof(Strings.DockerConfigInvalid), path, $"the login for '{key}' is not user:password");
            }

            return new StoredLogin(decoded[..colon], decoded[(colon + 1)..], identityToken);
        }

        string? username = String(value, "username");
        string? password = String(value, "password");
        if (!string.IsNullOrEmpty(password) || !string.IsNullOrEmpty(identityToken))
        {
            return new StoredLogin(username ?? string.Empty, password ?? string.Empty, identityToken);
        }

        return null;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
