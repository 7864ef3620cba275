namespace ContainerStages.Inputs;

/// <summary>How a setting's text is read: MSBuild gives empty strings for unset properties.</summary>
internal static class SettingValue
{
    /// <summary>The value without surrounding white space, or null when there is none.</summary>
    public static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
