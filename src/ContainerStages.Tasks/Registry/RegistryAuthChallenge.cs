using System.Text;

namespace ContainerStages.Registry;

/// <summary>
/// A registry's WWW-Authenticate answer to an unauthenticated request: Basic (htpasswd registries),
/// or Bearer with the token service's realm, service and scope (Docker Hub, ACR, GHCR, Harbor...).
/// </summary>
internal sealed record RegistryAuthChallenge(string Scheme, string? Realm, string? Service, string? Scope)
{
    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    /// <param name="scheme">The header's scheme (Basic, Bearer).</param>
    /// <param name="parameter">The rest of the header: key="value" pairs separated by commas; values may hold commas.</param>
    public static RegistryAuthChallenge Parse(string scheme, string? parameter)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string text = parameter ?? string.Empty;
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            int equals = text.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }

            string key = text[i..equals].Trim();
            i = equals + 1;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i]);
                    i++;
                }

                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    value.Append(text[i]);
                    i++;
                }
            }

            values[key] = value.ToString().Trim();
        }

        return new RegistryAuthChallenge(
            scheme,
            values.GetValueOrDefault("realm"),
            values.GetValueOrDefault("service"),
            values.GetValueOrDefault("scope"));
    }
}
