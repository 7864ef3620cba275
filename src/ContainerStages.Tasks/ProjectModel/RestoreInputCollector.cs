using System.Xml.Linq;
using ContainerStages.Context;
using ContainerStages.Resources;
using static ContainerStages.Context.ContextPaths;

namespace ContainerStages.ProjectModel;

/// <summary>
/// Computes the build context and the exact files the restore layer needs: every project of the
/// graph, the Directory.Build.*, Directory.Packages.props, global.json and NuGet.config files that
/// apply to them, the files they import by a known path, packages.lock.json files, and local package
/// feeds inside the context.
/// </summary>
internal static class RestoreInputCollector
{
    // Files MSBuild imports from the nearest folder upward; a file that reaches further up with
    // GetPathOfFileAbove chains to the next one, which then applies as well.
    private static readonly string[] ChainedImports = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"];
    private static readonly string[] ChainMarkers = ["GetPathOfFileAbove", "GetDirectoryNameOfFileAbove"];

    /// <param name="otherProjects">Projects restored beside the app (its test projects), with their references.</param>
    public static RestoreInputs Collect(ProjectAssets assets, string? contextOverride, string? sdkRoot, IEnumerable<string>? otherProjects = null)
    {
        var projects = new[] { assets.ProjectPath }
            .Concat(assets.ReferencedProjectPaths)
            .Concat((otherProjects ?? []).SelectMany(ProjectFileReader.ReadTransitiveProjects))
            .Distinct(PathComparer)
            .ToList();
        var files = new SortedSet<string>(PathComparer);
        foreach (string project in projects)
        {
            files.Add(project);
            string directory = Path.GetDirectoryName(project)!;
            foreach (string name in ChainedImports)
            {
                foreach (string file in FindChained(directory, name))
                {
                    files.Add(file);
                }
            }

            if (FindNearest(directory, "global.json") is { } globalJson)
            {
                files.Add(globalJson);
            }

            string lockFile = Path.Combine(directory, "packages.lock.json");
            if (File.Exists(lockFile))
            {
                files.Add(lockFile);
            }
        }

        AddExplicitImports(files);

        // Only configs on the folder chain of a project can be in the context; user- and machine-wide
        // configs live elsewhere and do not exist inside the build either.
        var projectDirectories = projects.Select(p => Path.GetDirectoryName(p)!).ToList();
        foreach (string config in assets.ConfigFilePaths)
        {
            string configDirectory = Path.GetDirectoryName(Path.GetFullPath(config))!;
            if (projectDirectories.Any(d => IsUnder(d, configDirectory)))
            {
                files.Add(Path.GetFullPath(config));
            }
        }

        string context = contextOverride is { Length: > 0 }
            ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(contextOverride))
            : CommonDirectory(files.Select(f => Path.GetDirectoryName(f)!));

        foreach (string file in files.Where(f => !IsUnder(f, context)))
        {
            throw new ContainerStagesException(nameof(Strings.FileOutsideContext), file, context);
        }

        var feeds = LocalFeeds(assets, files, context, sdkRoot);
        return new RestoreInputs(
            context,
            files.Select(f => Relative(context, f)).ToList(),
            feeds);
    }

    // A project or Directory.Build.props that imports a shared file ("..\build\common.props") needs
    // it to restore: it may hold PackageReferences or properties that change the graph.
    private static void AddExplicitImports(SortedSet<string> files)
    {
        var pending = new Stack<string>(files);
        while (pending.Count > 0)
        {
            foreach (string import in ProjectFileReader.ReadExplicitImports(pending.Pop()))
            {
                if (files.Add(import))
                {
                    pending.Push(import);
                }
            }
        }
    }

    private static List<string> LocalFeeds(ProjectAssets assets, IEnumerable<string> files, string context, string? sdkRoot)
    {
        var feeds = new SortedSet<string>(PathComparer);
        foreach (string source in assets.Sources)
        {
            if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                continue;
            }

            string folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(source));

            // The SDK adds its own offline folder (library-packs) as a source; the SDK image has it too.
            if (sdkRoot is { Length: > 0 } && IsUnder(folder, Path.GetFullPath(sdkRoot)))
            {
                continue;
            }

            if (!IsUnder(folder, context))
            {
                throw new ContainerStagesException(nameof(Strings.LocalSourceOutsideContext), source, context);
            }

            feeds.Add(Relative(context, folder));
        }

        foreach (string config in files.Where(f => Path.GetFileName(f).Equals("nuget.config", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (string value in SourceValues(config))
            {
                if (Path.IsPathRooted(value) && IsUnder(Path.GetFullPath(value), context))
                {
                    throw new ContainerStagesException(nameof(Strings.AbsoluteLocalSource), config, value) { File = config };
                }
            }
        }

        return feeds.ToList();
    }

    private static IEnumerable<string> SourceValues(string nugetConfig)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(nugetConfig);
        }
        catch (System.Xml.XmlException)
        {
            // NuGet itself reported a malformed config during restore; nothing more to say here.
            return [];
        }

        return document.Root?.Element("packageSources")?.Elements("add")
            .Select(add => (string?)add.Attribute("value"))
            .OfType<string>()
            .Where(value => !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            ?? [];
    }

    private static IEnumerable<string> FindChained(string startDirectory, string fileName)
    {
        string? directory = startDirectory;
        while (FindNearest(directory, fileName) is { } file)
        {
            yield return file;
            string text = File.ReadAllText(file);
            if (!ChainMarkers.Any(marker => text.Contains(marker, StringComparison.Ordinal)))
            {
                yield break;
            }

            directory = Path.GetDirectoryName(Path.GetDirectoryName(file));
        }
    }

    private static string? FindNearest(string? directory, string fileName)
    {
        for (; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            string candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string CommonDirectory(IEnumerable<string> directories)
    {
        string? common = null;
        foreach (string directory in directories)
        {
            common = common is null ? directory : CommonDirectory(common, directory);
        }

        return common!;
    }

    private static string CommonDirectory(string a, string b)
    {
        while (!IsUnder(b, a))
        {
            a = Path.GetDirectoryName(a) ?? throw new InvalidOperationException($"'{a}' and '{b}' have no common folder.");
        }

        return a;
    }

    private static StringComparer PathComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
