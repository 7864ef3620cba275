using System.Xml.Linq;
using ContainerStages.Context;

namespace ContainerStages.Stacks.Node;

/// <summary>
/// What a Node.js app's build context holds besides the app: the files that only describe its build
/// to MSBuild, NuGet and the engine. They stay out of the app's sources, so editing them (a property
/// in the project file, the test stage switched on) rebuilds nothing of the app.
/// </summary>
internal static class NodeContextFiles
{
    // The folders the usual build tools write (tsc's outDir, webpack, rollup, Next's export); other
    // names an app copies from its build stage may be sources it ships as they are ('views').
    private static readonly string[] BuildOutputNames = ["dist", "build", "out"];

    // What the .NET SDK and NuGet read beside a project; nothing of a Node.js app.
    private static readonly string[] DotNetFilePatterns =
    [
        "[Nn]u[Gg]et.[Cc]onfig", "global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "packages.lock.json",
    ];

    /// <summary>
    /// The files in the app's folder that the engine or MSBuild read but the app does not: the
    /// Dockerfile, the .dockerignore of a context that is the app's folder, and the project file.
    /// Relative to the app's folder, '/'-separated, in this order.
    /// </summary>
    public static IReadOnlyList<string> BuildDescriptionFiles(string appDirectory, string contextDirectory, string dockerfilePath, string projectPath)
    {
        var files = new List<string>();
        foreach (string path in new[] { dockerfilePath, Path.Combine(contextDirectory, BuildContextFileEnumerator.DockerIgnoreFileName), projectPath })
        {
            if (ContextPaths.IsUnder(path, appDirectory) && ContextPaths.Relative(appDirectory, path) is var relative && !files.Contains(relative))
            {
                files.Add(relative);
            }
        }

        return files;
    }

    /// <summary>
    /// The .dockerignore lines for a context that is the app's own folder: the build description
    /// files, NuGet's configs and the local package feeds they name, and the build tools' output
    /// folders the build stage makes again.
    /// </summary>
    public static IReadOnlyList<string> IgnorePatterns(string appDirectory, IReadOnlyList<string> buildDescriptionFiles, IReadOnlyList<string> outputPaths)
    {
        var patterns = new List<string>();
        patterns.AddRange(buildDescriptionFiles.Where(f => f != BuildContextFileEnumerator.DockerIgnoreFileName));
        patterns.AddRange(DotNetFilePatterns);
        patterns.AddRange(LocalFeeds(appDirectory));
        patterns.AddRange(outputPaths.Where(o => BuildOutputNames.Contains(o, StringComparer.Ordinal)));
        return patterns.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Relative folders that a NuGet.config beside package.json names as package sources.</summary>
    private static IEnumerable<string> LocalFeeds(string appDirectory)
    {
        var config = Directory.Exists(appDirectory)
            ? Directory.EnumerateFiles(appDirectory).FirstOrDefault(f => Path.GetFileName(f).Equals("nuget.config", StringComparison.OrdinalIgnoreCase))
            : null;
        if (config is null)
        {
            yield break;
        }

        XDocument document;
        try
        {
            document = XDocument.Load(config);
        }
        catch (Exception error) when (error is System.Xml.XmlException or IOException or UnauthorizedAccessException)
        {
            // NuGet reports a broken config itself; the feed then just stays in the context.
            yield break;
        }

        foreach (var add in document.Descendants("packageSources").Elements("add"))
        {
            string? value = add.Attribute("value")?.Value;
            if (value is null || Uri.TryCreate(value, UriKind.Absolute, out var uri) && !uri.IsFile || Path.IsPathRooted(value))
            {
                continue;
            }

            string folder = Path.GetFullPath(Path.Combine(appDirectory, value.Replace('\\', '/')));
            if (ContextPaths.IsUnder(folder, appDirectory) && ContextPaths.Relative(appDirectory, folder).TrimEnd('/') is { Length: > 0 } relative && relative != ".")
            {
                yield return relative;
            }
        }
    }
}
