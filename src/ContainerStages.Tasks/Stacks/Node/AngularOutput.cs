using System.Text.Json;

namespace ContainerStages.Stacks.Node;

/// <summary>
/// Where an Angular front end's build writes the files to serve, read from its angular.json: the
/// application builder of Angular 17 and later (the ASP.NET Core Angular template's) writes them to
/// '&lt;outputPath&gt;/browser', the older browser builder to 'outputPath' itself.
/// </summary>
internal static class AngularOutput
{
    /// <summary>The folder relative to angular.json's, or null when there is no angular.json or it names no output.</summary>
    public static string? Find(string directory)
    {
        string path = Path.Combine(directory, "angular.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            if (!root.TryGetProperty("projects", out var projects) || projects.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // The default project, else the first application's.
            string? name = root.TryGetProperty("defaultProject", out var named) && named.ValueKind == JsonValueKind.String ? named.GetString() : null;
            var candidates = projects.EnumerateObject()
                .Where(p => name is null ? !(p.Value.TryGetProperty("projectType", out var type) && type.GetString() == "library") : p.Name == name);
            foreach (var project in candidates)
            {
                if (!project.Value.TryGetProperty("architect", out var architect) || !architect.TryGetProperty("build", out var build))
                {
                    continue;
                }

                string builder = build.TryGetProperty("builder", out var b) ? b.GetString() ?? string.Empty : string.Empty;
                if (!build.TryGetProperty("options", out var options) || !options.TryGetProperty("outputPath", out var outputPath))
                {
                    continue;
                }

                bool application = builder.EndsWith(":application", StringComparison.Ordinal);
                if (outputPath.ValueKind == JsonValueKind.String)
                {
                    string folder = Clean(outputPath.GetString()!);
                    return application ? folder + "/browser" : folder;
                }

                if (outputPath.ValueKind == JsonValueKind.Object && outputPath.TryGetProperty("base", out var baseFolder) && baseFolder.ValueKind == JsonValueKind.String)
                {
                    string browser = outputPath.TryGetProperty("browser", out var browserFolder) && browserFolder.ValueKind == JsonValueKind.String ? browserFolder.GetString()! : "browser";
                    return browser.Length == 0 ? Clean(baseFolder.GetString()!) : Clean(baseFolder.GetString()!) + "/" + Clean(browser);
                }
            }
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The front end's own build reports a broken angular.json; 'dist' is then the guess.
        }

        return null;
    }

    private static string Clean(string path)
    {
        string clean = path.Replace('\\', '/').Trim().TrimEnd('/');
        return clean.StartsWith("./", StringComparison.Ordinal) ? clean[2..] : clean;
    }
}
