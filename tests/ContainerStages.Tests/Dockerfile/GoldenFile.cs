using ContainerStages.Tests.Resources;

namespace ContainerStages.Tests.Dockerfile;

/// <summary>
/// Compares generated text with a reviewed file under Golden/. With CONTAINERSTAGES_UPDATE_GOLDEN=1
/// the files in the source tree are rewritten instead (review the change like code before committing).
/// </summary>
internal static class GoldenFile
{
    public const string UpdateVariable = "CONTAINERSTAGES_UPDATE_GOLDEN";

    public static bool IsUpdating =>
        Environment.GetEnvironmentVariable(UpdateVariable) is { } value
        && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    public static string SourcePath(string name) => Path.Combine(SourceTree.TestProjectDirectory, "Golden", name);

    public static void AssertMatches(string name, string actual)
    {
        string sourcePath = SourcePath(name);
        string outputPath = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        if (IsUpdating)
        {
            Write(sourcePath, actual);
            Write(outputPath, actual);
            return;
        }

        // The copy in the output folder is what the build shipped with the tests; the source tree is the fallback.
        string? expectedPath = File.Exists(outputPath) ? outputPath : File.Exists(sourcePath) ? sourcePath : null;
        if (expectedPath is null)
        {
            Assert.Fail($"The golden file {name} does not exist. Run the tests with {UpdateVariable}=1 to create {sourcePath}, then review it.");
        }

        // A checkout with autocrlf may have turned the file's line ends into CRLF; the writer's are checked separately.
        string expected = File.ReadAllText(expectedPath).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Assert.Fail(
                $"The generated Dockerfile differs from the golden file {name}.\n"
                + LineDiff.Format(expected, actual, $"Golden/{name}", "DotNetDockerfileWriter.Write")
                + $"If the change is intended, run the tests with {UpdateVariable}=1 to rewrite {sourcePath}, and review the diff.");
        }
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
