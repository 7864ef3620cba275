namespace ContainerStages.ProjectModel;

/// <summary>
/// Finds the app of a solution that hosts a Blazor WebAssembly client: an ASP.NET Core server (the
/// Blazor Web App template's, or the older hosted template's) references the client, and its own
/// publish puts the client's files in its wwwroot. Such a client needs no image of its own.
/// </summary>
internal static class HostingProjectFinder
{
    /// <returns>The first project of the solution (in file order) that references the client, directly or not, and is no test project; null for none.</returns>
    public static string? Find(string clientProjectPath, string? solutionPath)
    {
        if (solutionPath is not { Length: > 0 } || !File.Exists(solutionPath))
        {
            return null;
        }

        string client = Path.GetFullPath(clientProjectPath);
        return TestProjectFinder.ReadSolutionProjects(solutionPath).FirstOrDefault(project =>
            !string.Equals(project, client, StringComparison.Ordinal)
            && !ProjectFileReader.IsTestProject(project)
            && ProjectFileReader.ReadTransitiveProjects(project).Contains(client, StringComparer.Ordinal));
    }
}
