using ContainerStages.Resources;

namespace ContainerStages.Inputs;

/// <summary>ContainerStagesNetwork, as 'docker build --network' takes it for BuildKit: default, host or none.</summary>
internal static class NetworkMode
{
    /// <returns>The engine's networkmode value, or null for the default network.</returns>
    public static string? Parse(string? value)
    {
        string trimmed = value?.Trim() ?? string.Empty;
        return trimmed.ToLowerInvariant() switch
        {
            "" or "default" => null,
            "host" => "host",
            "none" => "none",
            _ => throw new ContainerStagesException(nameof(Strings.NetworkInvalid), trimmed),
        };
    }
}
