using ContainerStages.Dockerfile;

namespace ContainerStages.TestResults;

/// <summary>
/// The value of the test-run stage's attempt argument, kept in obj/. BuildKit caches a test run that
/// recorded failures like any other step, so after one a new value makes the next build run the tests
/// again; while they pass, the value stays and the run stays cached.
/// </summary>
internal static class TestAttempt
{
    /// <returns>NAME=value for the build, or null before any failure.</returns>
    public static string? BuildArgument(string? file) =>
        file is not null && File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } value
            ? $"{TestResultsLayout.AttemptArgument}={value}"
            : null;

    public static void Failed(string? file)
    {
        if (file is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, Guid.NewGuid().ToString("N"));
    }
}
