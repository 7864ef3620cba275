using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.Text;
using ContainerStages.Context;

namespace ContextBench;

/// <summary>
/// Where the time of a Write goes, from outside the package (public API only): the same directory
/// reads and lstat calls done bare, the walk with the scenario's rules and with only its folder
/// rules, and the tar writing alone over a pre-listed selection.
/// </summary>
internal static class Profiler
{
    private static readonly EnumerationOptions ListEverything = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    public static string Run(string repository, int runs)
    {
        var md = new StringBuilder();
        md.AppendLine($"| scenario | step | median ms [min-max] of {runs} | what it is |");
        md.AppendLine("|---|---|---:|---|");
        foreach (var scenario in Scenario.All)
        {
            File.WriteAllText(Path.Combine(repository, BuildContextFileEnumerator.DockerIgnoreFileName), scenario.IgnoreText);
            var rules = scenario.ParseRules();
            var readDirectories = DirectoriesTheWalkReads(repository, rules);
            int children = readDirectories.Sum(d => Directory.EnumerateFileSystemEntries(Path.Combine(repository, d), "*", ListEverything).Count());
            var entries = BuildContextFileEnumerator.Enumerate(repository, rules).ToList();

            // The scenario's rules without the patterns that need the general automaton (globs other
            // than a plain "**/name" or "**/name/"): what the walk costs when matching is cheap.
            string folderRulesOnly = string.Join("\n", scenario.IgnoreText.Split('\n')
                .Where(l => l.StartsWith('!') || (l.StartsWith("**/", StringComparison.Ordinal) && l.IndexOfAny(['*', '?', '['], 3) < 0)));

            string[]? find = FindArguments(scenario.Name, repository);
            var steps = new List<(string Step, string What, Func<double> Run)>
            {
                ("readdir", $"enumerate the {readDirectories.Count:N0} directories the walk reads ({children:N0} children), names only", () => Time(() => ReadDirectories(repository, readDirectories, stat: false))),
                ("readdir, entries only", "the same through FileSystemEnumerable<(name, IsDirectory)>: no FileSystemInfo per child", () => Time(() => ReadDirectoryEntries(repository, readDirectories))),
                ("readdir+lstat", "the same, touching Attributes (one lstat per child, as KindOf does)", () => Time(() => ReadDirectories(repository, readDirectories, stat: true))),
                ("find", find is not null
                    ? "GNU find listing the same directories (a native walker's floor; its output drained from a pipe)"
                    : "n/a: find's -prune cannot mirror this selection", () => find is null ? double.NaN : Runners.Tar(find, executable: "find").Milliseconds),
                ("walk", $"BuildContextFileEnumerator.Enumerate with the scenario's rules ({entries.Count:N0} entries)", () => Time(() => BuildContextFileEnumerator.Enumerate(repository, rules).Count())),
                ("walk, folder rules only", $"the same with only `{folderRulesOnly.Replace("\n", " ", StringComparison.Ordinal).Trim()}`", () => Time(() => BuildContextFileEnumerator.Enumerate(repository, DockerIgnoreRules.Parse(folderRulesOnly)).Count())),
                ("IsExcluded x children", "public DockerIgnoreRules.IsExcluded on every child of every directory read (re-matches ancestors: an upper bound of matching)", () => Time(() => MatchAll(repository, readDirectories, rules))),
                ("tar writing only", "TarWriter (GNU) over the pre-listed entries, files opened as the package does, into a null sink", () => Time(() => WriteListed(entries))),
                ("Write", "BuildContextTar.Write into a null sink (all of it)", () => Time(() => BuildContextTar.Write(repository, rules, new CountingNullStream()))),
            };

            for (int round = 0; round < 3; round++)
            {
                foreach (var step in steps)
                {
                    step.Run();
                }

                Thread.Sleep(300);
            }

            var samples = steps.ToDictionary(s => s.Step, _ => new List<double>());
            for (int i = 0; i < runs; i++)
            {
                foreach (var step in steps)
                {
                    GC.Collect();
                    samples[step.Step].Add(step.Run());
                }
            }

            foreach (var step in steps)
            {
                var s = samples[step.Step];
                if (s.All(double.IsNaN))
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {scenario.Name} | {step.Step} | n/a | {step.What} |");
                    continue;
                }

                md.AppendLine(CultureInfo.InvariantCulture, $"| {scenario.Name} | {step.Step} | {Bench.Median(s):F1} [{s.Min():F1}-{s.Max():F1}] | {step.What} |");
            }
        }

        File.WriteAllText(Path.Combine(repository, BuildContextFileEnumerator.DockerIgnoreFileName), DockerIgnoreDefaults.Text);
        return md.ToString();
    }

    /// <summary>find arguments that read exactly the directories the package's walk reads, where -prune can say so.</summary>
    public static string[]? FindArguments(string scenario, string repository) => scenario switch
    {
        // Nothing named like these is read by the walk, and everything else is.
        "default" => [repository, "(", "-name", "node_modules", "-o", "-name", ".git", "-o", "-name", "bin", "-o", "-name", "obj", "-o", "-name", ".vs", "-o", "-name", ".vscode", ")", "-prune", "-o", "-print"],

        // "**/node_modules/**/package.json" can match below any folder, so the walk reads them all.
        "deep-exception" => [repository, "-print"],
        _ => null,
    };

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Time<T>(Func<T> action)
    {
        var clock = Stopwatch.StartNew();
        GC.KeepAlive(action());
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The root, every directory that is not excluded, and every excluded one that may hold an exception.</summary>
    private static List<string> DirectoriesTheWalkReads(string repository, DockerIgnoreRules rules)
    {
        var read = new List<string>();
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.Count > 0)
        {
            string relative = pending.Pop();
            read.Add(relative);
            foreach (var directory in new DirectoryInfo(Path.Combine(repository, relative)).EnumerateDirectories("*", ListEverything))
            {
                if (directory.LinkTarget is not null)
                {
                    continue;
                }

                string path = relative.Length == 0 ? directory.Name : relative + "/" + directory.Name;
                if (!rules.IsExcluded(path) || rules.MayContainIncludedFiles(path))
                {
                    pending.Push(path);
                }
            }
        }

        return read;
    }

    private static long ReadDirectories(string repository, List<string> directories, bool stat)
    {
        long touched = 0;
        foreach (string relative in directories)
        {
            foreach (var info in new DirectoryInfo(Path.Combine(repository, relative)).EnumerateFileSystemInfos("*", ListEverything))
            {
                touched += stat ? (long)info.Attributes : info.Name.Length;
            }
        }

        return touched;
    }

    private static long ReadDirectoryEntries(string repository, List<string> directories)
    {
        long touched = 0;
        foreach (string relative in directories)
        {
            var children = new System.IO.Enumeration.FileSystemEnumerable<(string Name, bool IsDirectory)>(
                Path.Combine(repository, relative),
                (ref System.IO.Enumeration.FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory),
                ListEverything);
            foreach (var (name, isDirectory) in children)
            {
                touched += name.Length + (isDirectory ? 1 : 0);
            }
        }

        return touched;
    }

    private static int MatchAll(string repository, List<string> directories, DockerIgnoreRules rules)
    {
        int excluded = 0;
        foreach (string relative in directories)
        {
            foreach (string name in Directory.EnumerateFileSystemEntries(Path.Combine(repository, relative), "*", ListEverything))
            {
                string file = Path.GetFileName(name);
                if (rules.IsExcluded(relative.Length == 0 ? file : relative + "/" + file))
                {
                    excluded++;
                }
            }
        }

        return excluded;
    }

    private static long WriteListed(List<BuildContextEntry> entries)
    {
        var sink = new CountingNullStream();
        using (var writer = new TarWriter(sink, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                string name = entry.Kind == BuildContextEntryKind.Directory ? entry.RelativePath + "/" : entry.RelativePath;
                var type = entry.Kind switch
                {
                    BuildContextEntryKind.Directory => TarEntryType.Directory,
                    BuildContextEntryKind.SymbolicLink => TarEntryType.SymbolicLink,
                    _ => TarEntryType.RegularFile,
                };
                var tarEntry = new GnuTarEntry(type, name) { Mode = entry.Mode, ModificationTime = entry.LastWriteTimeUtc, UserName = string.Empty, GroupName = string.Empty };
                if (entry.LinkTarget is not null)
                {
                    tarEntry.LinkName = entry.LinkTarget;
                }

                if (type == TarEntryType.RegularFile && entry.Length > 0)
                {
                    using var file = new FileStream(entry.FullPath, new FileStreamOptions
                    {
                        Mode = FileMode.Open,
                        Access = FileAccess.Read,
                        Share = FileShare.ReadWrite | FileShare.Delete,
                        Options = FileOptions.SequentialScan,
                        BufferSize = 0,
                    });
                    tarEntry.DataStream = file;
                    writer.WriteEntry(tarEntry);
                }
                else
                {
                    writer.WriteEntry(tarEntry);
                }
            }
        }

        return sink.BytesWritten;
    }
}
