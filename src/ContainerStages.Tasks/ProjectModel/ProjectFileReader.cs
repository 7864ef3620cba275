using System.Xml.Linq;

namespace ContainerStages.ProjectModel;

/// <summary>
/// Reads what a project file itself says, for projects that this build did not restore (the test
/// projects of a solution when only the app is published): its project references and whether it
/// is a test project.
/// </summary>
internal static class ProjectFileReader
{
    /// <summary>The project and every project it references, directly or not (full paths).</summary>
    public static IReadOnlyList<string> ReadTransitiveProjects(string projectPath) =>
        [.. ReadProjectGraph([projectPath]).Select(p => p.Key)];

    /// <summary>
    /// The given projects and every project they reference, directly or not, each with its direct
    /// references (full paths), in the order they were found. Missing project files are left out.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> ReadProjectGraph(IEnumerable<string> projectPaths)
    {
        var found = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        var pending = new Stack<string>(projectPaths.Select(Path.GetFullPath).Reverse());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            string project = pending.Pop();
            if (!seen.Add(project) || !File.Exists(project))
            {
                continue;
            }

            var references = ReadProjectReferences(project);
            found.Add(new(project, references));
            foreach (string reference in references)
            {
                pending.Push(reference);
            }
        }

        return found;
    }

    public static IReadOnlyList<string> ReadProjectReferences(string projectPath)
    {
        string directory = Path.GetDirectoryName(projectPath)!;
        return Load(projectPath)?.Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()
            .Select(include => Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar))))
            .ToList() ?? [];
    }

    /// <summary>
    /// The files an MSBuild file imports by a path that can be known without evaluating it: a relative
    /// path, or one that starts with $(MSBuildThisFileDirectory) (or $(MSBuildProjectDirectory) in a
    /// project file). Imports that need evaluation (GetPathOfFileAbove, other properties, wildcards)
    /// and SDK imports are left out; existing files only.
    /// </summary>
    public static IReadOnlyList<string> ReadExplicitImports(string msbuildFile)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(msbuildFile))!;
        bool isProject = Path.GetExtension(msbuildFile).EndsWith("proj", StringComparison.OrdinalIgnoreCase);
        var imports = new List<string>();
        foreach (var element in Load(msbuildFile)?.Descendants().Where(e => e.Name.LocalName == "Import") ?? [])
        {
            if ((string?)element.Attribute("Project") is not { Length: > 0 } value || element.Attribute("Sdk") is not null)
            {
                continue;
            }

            string path = value.Trim()
                .Replace("$(MSBuildThisFileDirectory)", directory + "/", StringComparison.OrdinalIgnoreCase)
                .Replace('\\', '/');
            if (isProject)
            {
                path = path.Replace("$(MSBuildProjectDirectory)", directory, StringComparison.OrdinalIgnoreCase);
            }

            if (path.Contains("$(", StringComparison.Ordinal) || path.Contains("@(", StringComparison.Ordinal)
                || path.Contains('*', StringComparison.Ordinal) || path.Contains('?', StringComparison.Ordinal) || path.Contains(';', StringComparison.Ordinal))
            {
                continue;
            }

            string full = Path.GetFullPath(Path.Combine(directory, path.Replace('/', Path.DirectorySeparatorChar)));
            if (File.Exists(full))
            {
                imports.Add(full);
            }
        }

        return imports;
    }

    // The packages that make a project a test project, directly or as meta-packages that bring
    // Microsoft.NET.Test.Sdk or Microsoft.Testing.Platform with them.
    private static readonly HashSet<string> TestPackages = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.NET.Test.Sdk", "Microsoft.Testing.Platform", "MSTest", "MSTest.TestFramework",
        "xunit", "xunit.v3", "xunit.v3.mtp-v1", "xunit.v3.mtp-v2", "xunit.v3.mtp-off", "NUnit", "TUnit",
    };

    /// <summary>
    /// A test project as the .NET test tooling makes one: MSTest.Sdk, a reference to a test
    /// framework's package, or IsTestProject set in the file.
    /// </summary>
    public static bool IsTestProject(string projectPath)
    {
        var document = Load(projectPath);
        if (document?.Root is not { } root)
        {
            return false;
        }

        return ((string?)root.Attribute("Sdk"))?.Contains("MSTest.Sdk", StringComparison.OrdinalIgnoreCase) == true
            || root.Descendants().Any(e =>
                (e.Name.LocalName == "PackageReference" && (string?)e.Attribute("Include") is { } package && TestPackages.Contains(package))
                || (e.Name.LocalName == "IsTestProject" && string.Equals(e.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase)));
    }

    // SDKs whose projects are applications unless they say otherwise (their OutputType default is Exe).
    private static readonly string[] ApplicationSdks = ["Microsoft.NET.Sdk.Web", "Microsoft.NET.Sdk.Worker", "Microsoft.NET.Sdk.BlazorWebAssembly", "Aspire.AppHost.Sdk"];

    /// <summary>
    /// An application as its project file says (an OutputType of Exe or WinExe, or the SDK of web,
    /// worker or Blazor WebAssembly apps without an OutputType of Library) that is no test project.
    /// </summary>
    public static bool IsApplication(string projectPath)
    {
        if (Load(projectPath)?.Root is not { } root || IsTestProject(projectPath))
        {
            return false;
        }

        string? outputType = root.Descendants().LastOrDefault(e => e.Name.LocalName == "OutputType")?.Value.Trim();
        if (outputType is not null)
        {
            return outputType.Equals("Exe", StringComparison.OrdinalIgnoreCase) || outputType.Equals("WinExe", StringComparison.OrdinalIgnoreCase);
        }

        string sdk = ((string?)root.Attribute("Sdk") ?? string.Empty).Split('/')[0].Trim();
        return ApplicationSdks.Contains(sdk, StringComparer.OrdinalIgnoreCase);
    }

    private static XDocument? Load(string projectPath)
    {
        try
        {
            return XDocument.Load(projectPath);
        }
        catch (Exception e) when (e is System.Xml.XmlException or IOException or UnauthorizedAccessException)
        {
            // MSBuild reports a broken project file far better than we could.
            return null;
        }
    }
}
