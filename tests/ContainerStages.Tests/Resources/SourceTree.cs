using System.Runtime.CompilerServices;

namespace ContainerStages.Tests.Resources;

/// <summary>Finds the repository's source folders from the test output folder (or, failing that, from this file's compile-time path).</summary>
internal static class SourceTree
{
    private const string TestProjectFile = "ContainerStages.Tests.csproj";

    /// <summary>tests/ContainerStages.Tests in the source tree.</summary>
    public static string TestProjectDirectory { get; } = FindTestProjectDirectory();

    /// <summary>The repository root (the folder that holds src/ and tests/).</summary>
    public static string RepositoryRoot { get; } = Path.GetFullPath(Path.Combine(TestProjectDirectory, "..", ".."));

    public static string TasksProjectDirectory { get; } = Path.Combine(RepositoryRoot, "src", "ContainerStages.Tasks");

    private static string FindTestProjectDirectory([CallerFilePath] string thisFile = "")
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, TestProjectFile)))
            {
                return directory.FullName;
            }

            string nested = Path.Combine(directory.FullName, "tests", "ContainerStages.Tests");
            if (File.Exists(Path.Combine(nested, TestProjectFile)))
            {
                return nested;
            }
        }

        // The compile-time path; wrong only when the build mapped source paths (PathMap) and moved the output.
        string fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, ".."));
        return File.Exists(Path.Combine(fromSource, TestProjectFile))
            ? fromSource
            : throw new InvalidOperationException($"Cannot find {TestProjectFile} above {AppContext.BaseDirectory}.");
    }
}
