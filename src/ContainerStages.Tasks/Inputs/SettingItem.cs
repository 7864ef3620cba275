namespace ContainerStages.Inputs;

/// <summary>One item of an item-list setting (a ContainerPort, a ContainerLabel): its Include and its metadata.</summary>
internal sealed record SettingItem(string Spec, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The metadata's value, or null when the item does not set it.</summary>
    public string? Get(string name) => Metadata.TryGetValue(name, out string? value) && value.Length > 0 ? value : null;
}
