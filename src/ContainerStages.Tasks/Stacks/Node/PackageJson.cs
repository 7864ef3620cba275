using System.Text.Json;
using ContainerStages.Resources;

namespace ContainerStages.Stacks.Node;

/// <summary>The parts of a package.json that decide how its app is built, tested and started.</summary>
internal sealed record PackageJson
{
    public string? Name { get; init; }

    public string? Version { get; init; }

    public string? Description { get; init; }

    /// <summary>The file <c>require()</c> of the package loads; npm's default is index.js.</summary>
    public string? Main { get; init; }

    public IReadOnlyDictionary<string, string> Scripts { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>engines.node, a semver range such as <c>&gt;=20</c> or <c>^22.1.0</c>.</summary>
    public string? EnginesNode { get; init; }

    /// <summary>The packageManager field (Corepack), for example <c>pnpm@9.1.0</c>.</summary>
    public string? PackageManager { get; init; }

    public IReadOnlyList<string> Dependencies { get; init; } = [];

    public IReadOnlyList<string> DevDependencies { get; init; } = [];

    /// <summary>
    /// The app's own scripts that an install runs after installing (preprepare, prepare, postprepare),
    /// in that order; those it has.
    /// </summary>
    public IReadOnlyList<string> PrepareScripts =>
        new[] { "preprepare", "prepare", "postprepare" }.Where(s => Script(s) is not null).ToList();

    public string? Script(string name) =>
        Scripts.TryGetValue(name, out string? script) && !string.IsNullOrWhiteSpace(script) ? script.Trim() : null;

    public static PackageJson Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ContainerStagesException(nameof(Strings.InvalidPackageJson), path, error.Message) { File = path };
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ContainerStagesException(nameof(Strings.InvalidPackageJson), path, "the top level is not an object") { File = path };
            }

            return new PackageJson
            {
                Name = StringProperty(root, "name"),
                Version = StringProperty(root, "version"),
                Description = StringProperty(root, "description"),
                Main = StringProperty(root, "main"),
                Scripts = StringMap(root, "scripts"),
                EnginesNode = root.TryGetProperty("engines", out var engines) && engines.ValueKind == JsonValueKind.Object ? StringProperty(engines, "node") : null,
                PackageManager = StringProperty(root, "packageManager"),
                Dependencies = StringMap(root, "dependencies").Keys.Order(StringComparer.Ordinal).ToList(),
                DevDependencies = StringMap(root, "devDependencies").Keys.Order(StringComparer.Ordinal).ToList(),
            };
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static Dictionary<string, string> StringMap(JsonElement element, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    map[property.Name] = property.Value.GetString()!;
                }
            }
        }

        return map;
    }
}
