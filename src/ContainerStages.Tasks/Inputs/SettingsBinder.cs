using System.Reflection;
using System.Runtime.CompilerServices;
using ContainerStages.Resources;

namespace ContainerStages.Inputs;

/// <summary>
/// Fills a settings record (<see cref="ContainerSettings"/>, <see cref="ProjectDescription"/>) from the
/// values the targets pass, property by property of the same name, so a setting is written once in the
/// targets and once in its record and nowhere between. An unset value keeps the record's default.
/// </summary>
internal static class SettingsBinder
{
    /// <summary>The record with every settable property that <paramref name="values"/> names.</summary>
    /// <exception cref="ContainerStagesException">A true-or-false setting has another value.</exception>
    /// <exception cref="InvalidOperationException">A name no property has, or a required property without a value: the targets and the record disagree.</exception>
    public static T Bind<T>(SettingValues values)
        where T : class
    {
        var properties = Settable(typeof(T)).ToDictionary(p => p.Name, StringComparer.Ordinal);
        if (values.Names.FirstOrDefault(name => !properties.ContainsKey(name)) is { } unknown)
        {
            throw new InvalidOperationException($"{typeof(T).Name} has no settable property {unknown}.");
        }

        var record = (T)Activator.CreateInstance(typeof(T))!;
        foreach (var property in properties.Values)
        {
            if (values.Items.TryGetValue(property.Name, out var items))
            {
                property.SetValue(record, ItemList(property, items));
            }
            else if (values.Values.TryGetValue(property.Name, out string? value))
            {
                if (Scalar(property, value) is { } converted)
                {
                    property.SetValue(record, converted);
                }
            }
            else if (property.GetCustomAttribute<RequiredMemberAttribute>() is not null)
            {
                throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} is required and has no value.");
            }
            else if (IsList(property.PropertyType))
            {
                // A list setting the targets did not pass at all has no items.
                property.SetValue(record, ItemList(property, []));
            }
        }

        return record;
    }

    /// <summary>The properties a setting can fill: public, with an init or set accessor.</summary>
    public static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });

    private static object? Scalar(PropertyInfo property, string value)
    {
        var type = property.PropertyType;
        if (type == typeof(string))
        {
            // Unset is null for an optional value; a required one keeps the empty string MSBuild gives.
            return value.Length == 0 && IsNullable(property) ? null : value;
        }

        if (type == typeof(bool))
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            return bool.TryParse(value.Trim(), out bool parsed)
                ? parsed
                : throw new ContainerStagesException(nameof(Strings.SettingNotTrueOrFalse), property.Name, value);
        }

        if (IsList(type))
        {
            // A list passed as one value (a property with ';' between its parts).
            return ItemList(property, value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(part => new SettingItem(part, new Dictionary<string, string>())).ToList());
        }

        throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name} is of a type settings cannot fill ({type}).");
    }

    private static object ItemList(PropertyInfo property, IReadOnlyList<SettingItem> items)
    {
        var element = property.PropertyType.GetGenericArguments()[0];
        if (element == typeof(string))
        {
            return items.Select(i => i.Spec).ToList();
        }

        if (element == typeof(SettingItem))
        {
            // Items whose metadata the consumer reads itself (a secret's File or EnvironmentVariable).
            return items.ToList();
        }

        if (element == typeof(KeyValuePair<string, string>))
        {
            // ContainerLabel, ContainerEnvironmentVariable, ContainerStagesBuildArg: Include is the name, Value the value.
            return items.Select(i => KeyValuePair.Create(i.Spec, i.Get("Value") ?? string.Empty)).ToList();
        }

        if (element == typeof(ValueTuple<string, string?>))
        {
            // (Include, one metadata), the metadata named as the tuple's second element: (string Port, string? Type).
            string metadata = property.GetCustomAttribute<TupleElementNamesAttribute>()?.TransformNames[1]
                ?? throw new InvalidOperationException($"{property.Name}: name the tuple's second element after the metadata it holds.");
            return items.Select(i => (i.Spec, i.Get(metadata))).ToList();
        }

        throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name} is a list of a type settings cannot fill ({element}).");
    }

    private static bool IsList(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>);

    private static bool IsNullable(PropertyInfo property) =>
        new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;
}
