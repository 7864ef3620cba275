using System.Text.Json;

namespace ContainerStages.ProjectModel;

/// <summary>
/// Which platform <c>dotnet test</c> runs on for a project, as the .NET 10 SDK decides it: the
/// nearest global.json's <c>"test": { "runner": "Microsoft.Testing.Platform" }</c> switches it from
/// VSTest to Microsoft.Testing.Platform, whose command line takes the project by <c>--project</c>.
/// </summary>
internal static class TestRunnerChoice
{
    public const string TestingPlatform = "Microsoft.Testing.Platform";

    public static bool UsesTestingPlatform(string projectDirectory)
    {
        for (string? directory = projectDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            string globalJson = Path.Combine(directory, "global.json");
            if (File.Exists(globalJson))
            {
                return ReadRunner(globalJson) is { } runner && runner.Equals(TestingPlatform, StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    private static string? ReadRunner(string globalJson)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(globalJson), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.Object
                && test.TryGetProperty("runner", out var runner) && runner.ValueKind == JsonValueKind.String
                ? runner.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // The SDK itself reports a broken global.json before any of this runs.
            return null;
        }
    }
}
