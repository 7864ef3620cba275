using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ContainerStages.ProjectModel;

/// <summary>
/// Finds the test projects of an app: those of its solution (the one being built, else the one
/// beside the app or above it inside the context) that reference the app or any project of its
/// graph, directly or not. The usual layout tests the libraries (<c>tests/X.Domain.Tests</c>
/// references <c>src/X.Domain</c>), not the app. A reference through another application does not
/// count: the tests of a second app that shares a library with this one are that app's tests.
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
        var appGraph = ProjectFileReader.ReadTransitiveProjects(app).ToHashSet(StringComparer.Ordinal);
        return ReadSolutionProjects(solution)
            .Where(project => !string.Equals(project, app, StringComparison.Ordinal)
                && ProjectFileReader.IsTestProject(project)
                && ReachesGraph(project, appGraph))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether the test project references a project of the graph, directly or through libraries.</summary>
    private static bool ReachesGraph(string testProject, HashSet<string> appGraph)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { testProject };
        var pending = new Stack<string>(ProjectFileReader.ReadProjectReferences(testProject));
        while (pending.Count > 0)
        {
            string project = pending.Pop();
            if (appGraph.Contains(project))
            {
                return true;
            }

            if (!seen.Add(project) || !File.Exists(project) || ProjectFileReader.IsApplication(project))
            {
                continue;
            }

            foreach (string reference in ProjectFileReader.ReadProjectReferences(project))
            {
                pending.Push(reference);
            }
        }

        return false;
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
