namespace ContainerStages.Inputs;

/// <summary>
/// Settings as the targets pass them, by the names of the records they fill: a value per property
/// (empty when MSBuild's property is unset) and the items of item-list settings, in order.
/// </summary>
internal sealed record SettingValues
{
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, IReadOnlyList<SettingItem>> Items { get; init; } = new Dictionary<string, IReadOnlyList<SettingItem>>(StringComparer.Ordinal);

    /// <summary>Every name the targets passed.</summary>
    public IEnumerable<string> Names => Values.Keys.Concat(Items.Keys);
}
