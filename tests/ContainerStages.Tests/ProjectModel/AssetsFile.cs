using System.Text.Json.Nodes;

namespace ContainerStages.Tests.ProjectModel;

/// <summary>
/// Writes a project.assets.json in NuGet's real shape (version 3): 'libraries' with project and
/// package entries (project paths relative to the project's folder, '/'-separated) and
/// 'project.restore' with projectPath, configFilePaths and sources.
/// </summary>
internal static class AssetsFile
{
    public const string RemoteSource = "https://example.invalid/v3/index.json";

    /// <returns>The path of the written obj/project.assets.json next to the project.</returns>
    public static string Write(
        string projectPath,
        IEnumerable<string>? projectReferences = null,
        IEnumerable<string>? configFilePaths = null,
        IEnumerable<string>? sources = null)
    {
        string projectDirectory = Path.GetDirectoryName(projectPath)!;
        string objDirectory = Path.Combine(projectDirectory, "obj");
        Directory.CreateDirectory(objDirectory);

        var libraries = new JsonObject
        {
            ["Newtonsoft.Json/13.0.3"] = new JsonObject
            {
                ["sha512"] = "HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ==",
                ["type"] = "package",
                ["path"] = "newtonsoft.json/13.0.3",
                ["files"] = new JsonArray(".nupkg.metadata", "lib/net6.0/Newtonsoft.Json.dll"),
            },
        };
        foreach (string reference in projectReferences ?? [])
        {
            string name = Path.GetFileNameWithoutExtension(reference);
            libraries[$"{name}/1.0.0"] = new JsonObject
            {
                ["type"] = "project",
                ["path"] = reference,
                ["msbuildProject"] = reference,
            };
        }

        var sourceObject = new JsonObject();
        foreach (string source in sources ?? [RemoteSource])
        {
            sourceObject[source] = new JsonObject();
        }

        var document = new JsonObject
        {
            ["version"] = 3,
            ["targets"] = new JsonObject { ["net10.0"] = new JsonObject() },
            ["libraries"] = libraries,
            ["projectFileDependencyGroups"] = new JsonObject { ["net10.0"] = new JsonArray("Newtonsoft.Json >= 13.0.3") },
            ["packageFolders"] = new JsonObject { ["/root/.nuget/packages/"] = new JsonObject() },
            ["project"] = new JsonObject
            {
                ["version"] = "1.0.0",
                ["restore"] = new JsonObject
                {
                    ["projectUniqueName"] = projectPath,
                    ["projectName"] = Path.GetFileNameWithoutExtension(projectPath),
                    ["projectPath"] = projectPath,
                    ["packagesPath"] = "/root/.nuget/packages/",
                    ["outputPath"] = objDirectory + Path.DirectorySeparatorChar,
                    ["projectStyle"] = "PackageReference",
                    ["configFilePaths"] = new JsonArray((configFilePaths ?? []).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
                    ["originalTargetFrameworks"] = new JsonArray("net10.0"),
                    ["sources"] = sourceObject,
                },
            },
        };

        string assetsPath = Path.Combine(objDirectory, "project.assets.json");
        File.WriteAllText(assetsPath, document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return assetsPath;
    }
}
