using System.Text.Json;

namespace ContainerStages.NuGetCredentials;

/// <summary>
/// VSS_NUGET_EXTERNAL_FEED_ENDPOINTS, the variable Azure Artifacts' credential provider reads in CI:
/// {"endpointCredentials":[{"endpoint":"https://.../index.json","username":"...","password":"PAT"}]}.
/// Read here on the build machine, so the image needs no credential provider.
/// </summary>
internal static class AzureArtifactsEndpoints
{
    public const string VariableName = "VSS_NUGET_EXTERNAL_FEED_ENDPOINTS";

    /// <returns>(endpoint URL, user name, password) for each entry; none when the JSON is unusable.</returns>
    public static IReadOnlyList<(string Endpoint, string Username, string Password)> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        var endpoints = new List<(string, string, string)>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!TryGetProperty(document.RootElement, "endpointCredentials", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            foreach (var entry in list.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object
                    || !TryGetProperty(entry, "endpoint", out var endpoint) || endpoint.ValueKind != JsonValueKind.String
                    || !TryGetProperty(entry, "password", out var password) || password.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                // The provider accepts entries without a user name; any non-empty one works with a PAT.
                string username = TryGetProperty(entry, "username", out var user) && user.ValueKind == JsonValueKind.String && user.GetString() is { Length: > 0 } named
                    ? named
                    : "VssSessionToken";
                endpoints.Add((endpoint.GetString()!, username, password.GetString()!));
            }
        }
        catch (JsonException)
        {
            return [];
        }

        return endpoints;
    }

    // The provider reads the JSON with case-insensitive names.
    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
