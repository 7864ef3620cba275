using System.Text.Json;
using ContainerStages.Resources;

namespace ContainerStages.ProjectModel;

/// <summary>
/// What NuGet's restore recorded in project.assets.json: the transitive project references, the
/// NuGet.config files and the package sources it used. This is MSBuild's and NuGet's own view of
/// the graph, so nothing is guessed by globbing.
/// </summary>
internal sealed record ProjectAssets(
    string ProjectPath,
    IReadOnlyList<string> ReferencedProjectPaths,
    IReadOnlyList<string> ConfigFilePaths,
    IReadOnlyList<string> Sources)
{
    public static ProjectAssets Read(string assetsFilePath)
    {
        if (!File.Exists(assetsFilePath))
        {
            throw new ContainerStagesException(nameof(Strings.AssetsFileMissing), assetsFilePath);
        }

        using var stream = File.OpenRead(assetsFilePath);
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var restore = root.GetProperty("project").GetProperty("restore");
        string projectPath = restore.GetProperty("projectPath").GetString()!;
        string projectDirectory = Path.GetDirectoryName(projectPath)!;

        var references = new List<string>();
        if (root.TryGetProperty("libraries", out var libraries))
        {
            foreach (var library in libraries.EnumerateObject())
            {
                if (library.Value.TryGetProperty("type", out var type) && type.GetString() == "project"
                    && library.Value.TryGetProperty("path", out var path))
                {
                    references.Add(Path.GetFullPath(Path.Combine(projectDirectory, path.GetString()!)));
                }
            }
        }

        return new ProjectAssets(
            projectPath,
            references.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            ReadStrings(restore, "configFilePaths"),
            restore.TryGetProperty("sources", out var sources) ? sources.EnumerateObject().Select(s => s.Name).ToList() : []);
    }

    private static List<string> ReadStrings(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var array) ? array.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
}
