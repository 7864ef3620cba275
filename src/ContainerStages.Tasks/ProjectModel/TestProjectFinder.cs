using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ContainerStages.ProjectModel;

/// <summary>
/// Finds the test projects of an app: those of its solution (the one being built, else the one
/// beside the app or above it inside the context) that reference the app, directly or not.
/// </summary>
internal static partial class TestProjectFinder
{
    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\)\s*=\s*""[^""]*""\s*,\s*""(?<path>[^""]+\.\w+proj)""", RegexOptions.Multiline)]
    private static partial Regex SlnProjectLine();

    public static IReadOnlyList<string> Find(string appProjectPath, string? solutionPath)
    {
        string? solution = solutionPath is { Length: > 0 } && File.Exists(solutionPath)
            ? solutionPath
            : FindSolution(Path.GetDirectoryName(appProjectPath)!);
        if (solution is null)
        {
            return [];
        }

        string app = Path.GetFullPath(appProjectPath);
        return ReadSolutionProjects(solution)
            .Where(project => !string.Equals(project, app, StringComparison.Ordinal)
                && ProjectFileReader.IsTestProject(project)
                && ProjectFileReader.ReadTransitiveProjects(project).Contains(app, StringComparer.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    internal static IReadOnlyList<string> ReadSolutionProjects(string solutionPath)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(solutionPath))!;
        IEnumerable<string> relative = solutionPath.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
            ? XDocument.Load(solutionPath).Descendants("Project").Select(p => (string?)p.Attribute("Path")).OfType<string>()
            : SlnProjectLine().Matches(File.ReadAllText(solutionPath)).Select(m => m.Groups["path"].Value);
        return relative
            .Select(path => Path.GetFullPath(Path.Combine(directory, path.Replace('\\', Path.DirectorySeparatorChar))))
            .Where(File.Exists)
            .ToList();
    }

    /// <summary>The nearest folder upward with a solution, not looking past the repository's root.</summary>
    private static string? FindSolution(string startDirectory)
    {
        for (string? directory = startDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var solutions = Directory.EnumerateFiles(directory, "*.sln").Concat(Directory.EnumerateFiles(directory, "*.slnx")).Order(StringComparer.Ordinal).ToList();
            if (solutions.Count > 0)
            {
                return solutions[0];
            }

            if (Directory.Exists(Path.Combine(directory, ".git")))
            {
                break;
            }
        }

        return null;
    }
}
