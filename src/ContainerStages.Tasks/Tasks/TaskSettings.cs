using ContainerStages.Inputs;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>The settings items of a task as the <see cref="SettingValues"/> that <see cref="SettingsBinder"/> reads.</summary>
internal static class TaskSettings
{
    /// <param name="values">One item per property: Include is the record's property name, Value its value.</param>
    /// <param name="items">The items of list settings: Setting names the property, Include and the other metadata are the item's.</param>
    public static SettingValues Read(ITaskItem[] values, ITaskItem[] items) => new()
    {
        // The last of a name wins, as MSBuild's own property semantics.
        Values = values.GroupBy(v => v.ItemSpec, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().GetMetadata("Value") ?? string.Empty, StringComparer.Ordinal),
        Items = items.GroupBy(i => i.GetMetadata("Setting"), StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<SettingItem>)g.Select(Item).ToList(),
            StringComparer.Ordinal),
    };

    private static SettingItem Item(ITaskItem item)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in item.CloneCustomMetadata())
        {
            metadata[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return new SettingItem(item.ItemSpec, metadata);
    }
}
