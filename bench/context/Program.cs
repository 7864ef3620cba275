using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ContainerStages.Context;
using ContextBench;

// ContextBench: the build context at scale (issue 3). See bench/context/README.md.
//
//   ContextBench run      --repo DIR [--runs N] [--cold-runs N] [--out FILE] [--load-start TEXT] [--wait-note TEXT]
//   ContextBench generate --repo DIR
//   ContextBench profile  --repo DIR [--runs N] [--out FILE]   (where a Write's time goes)
//   ContextBench cold     --repo DIR --scenario NAME      (one Write in a fresh process; prints "cold-ms=<ms>")
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var options = Options.Parse(args);
switch (options.Command)
{
    case "generate":
        Generator.EnsureGenerated(options.Repository, Console.Out);
        return 0;
    case "cold":
        {
            var scenario = Scenario.All.Single(s => s.Name == options.ScenarioName);
            var result = Runners.WriteToNull(options.Repository, scenario.IgnoreText);
            Console.WriteLine($"cold-ms={result.Milliseconds.ToString("F3", CultureInfo.InvariantCulture)} bytes={result.TarBytes}");
            return 0;
        }

    case "profile":
        {
            Generator.EnsureGenerated(options.Repository, Console.Out);
            string table = Profiler.Run(options.Repository, options.Runs);
            if (options.Output is not null)
            {
                File.WriteAllText(options.Output, table);
            }

            Console.WriteLine(table);
            return 0;
        }

    case "run":
        return Bench.Run(options);
    default:
        Console.Error.WriteLine("usage: ContextBench run|generate|profile|cold --repo DIR [...]");
        return 2;
}

internal sealed record Options(string Command, string Repository, int Runs, int WarmupRounds, int ColdRuns, string? Output, string? LoadAtStart, string? WaitNote, string? ScenarioName, string Variant)
{
    public static Options Parse(string[] args)
    {
        string command = args.Length > 0 ? args[0] : "run";
        string repository = Path.Combine(Path.GetTempPath(), "containerstages-context-bench", "repo-" + Generator.LayoutVersion);
        int runs = 7;
        int coldRuns = 5;
        int warmup = 3;
        string? output = null, load = null, wait = null, scenario = null;
        string variant = "ContainerStages as built from src/";
        for (int i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--repo": repository = Path.GetFullPath(Next()); break;
                case "--runs": runs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--cold-runs": coldRuns = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--out": output = Next(); break;
                case "--load-start": load = Next(); break;
                case "--wait-note": wait = Next(); break;
                case "--scenario": scenario = Next(); break;
                case "--variant": variant = Next(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (runs < 5)
        {
            throw new ArgumentException("--runs must be at least 5");
        }

        return new Options(command, repository, runs, warmup, coldRuns, output, load, wait, scenario, variant);
    }
}

internal sealed record Mode(string Key, string Label, Func<RunResult> Run, bool IsTar);

internal sealed record ScenarioResult(
    Scenario Scenario,
    Verification Verification,
    Dictionary<string, List<RunResult>> Samples,
    List<(double InProcessMs, double ProcessMs)> Cold,
    string LoadBefore,
    List<string> Modes);

internal static class Bench
{
    public static int Run(Options options)
    {
        string repository = options.Repository;
        var generated = Generator.EnsureGenerated(repository, Console.Out);
        string work = Path.Combine(Path.GetDirectoryName(repository)!, "work");
        Directory.CreateDirectory(work);

        Console.WriteLine("Walking the whole repository for the ground truth ...");
        var everything = Verifier.WalkEverything(repository);
        var areas = Areas(everything);

        var results = new List<ScenarioResult>();
        string loadAtMeasureStart = LoadAverage();
        foreach (var scenario in Scenario.All)
        {
            Console.WriteLine($"== {scenario.Name}: {scenario.Description}");
            File.WriteAllText(Path.Combine(repository, BuildContextFileEnumerator.DockerIgnoreFileName), scenario.IgnoreText);
            everything.RemoveAll(e => e.Path == BuildContextFileEnumerator.DockerIgnoreFileName);
            everything.Add(new RepoEntry(BuildContextFileEnumerator.DockerIgnoreFileName, false, false, new FileInfo(Path.Combine(repository, BuildContextFileEnumerator.DockerIgnoreFileName)).Length));
            string listFile = Path.Combine(work, scenario.Name + ".list");
            string? excludeFile = null;
            if (scenario.TarExcludes is not null)
            {
                excludeFile = Path.Combine(work, scenario.Name + ".tar-exclude");
                File.WriteAllText(excludeFile, scenario.TarExcludes);
            }

            var verification = Verifier.Check(repository, scenario, everything, listFile, excludeFile);
            Console.WriteLine($"   verified: {verification.Files:N0} files, {verification.Links} links, {verification.Directories:N0} dirs, {verification.TarBytes:N0} tar bytes, problems: {verification.Problems.Count}");
            foreach (string problem in verification.Problems)
            {
                Console.WriteLine("   PROBLEM: " + problem);
            }

            var modes = new List<Mode>
            {
                new("walk", "walk only (list + match + lstat, no reads)", () => Runners.WalkOnly(repository, scenario.IgnoreText), false),
                new("cs-null", "ContainerStages → counting null stream", () => Runners.WriteToNull(repository, scenario.IgnoreText), false),
                new("cs-pipelines", "ContainerStages → Pipe (as ImageBuilder) → CopyToAsync", () => Runners.WriteThroughPipelines(repository, scenario.IgnoreText), false),
                new("cs-pipelines-buffered", "ContainerStages → BufferedStream(64 KiB) → Pipe → CopyToAsync (proposed)", () => Runners.WriteThroughPipelines(repository, scenario.IgnoreText, 64 * 1024), false),
                new("cs-ospipe", "ContainerStages → OS pipe → reader thread", () => Runners.WriteToOsPipe(repository, scenario.IgnoreText), false),
                new("tar-list", "GNU tar -T list --no-recursion → pipe", () => Runners.Tar(Runners.TarListArguments(repository, listFile)), true),
            };
            if (Profiler.FindArguments(scenario.Name, repository) is { } find)
            {
                // What a native tool that must walk too would cost: find reads the same directories while tar archives the selection.
                modes.Add(new("find-tar", "GNU find over the directories the walk reads, beside GNU tar -T list → pipe", () => Runners.FindBesideTar(find, Runners.TarListArguments(repository, listFile)), true));
            }

            if (excludeFile is not null)
            {
                modes.Add(new("tar-exclude", "GNU tar --exclude-from (walks) → pipe", () => Runners.Tar(Runners.TarExcludeArguments(repository, excludeFile)), true));
            }

            modes.Add(new("tar-spawn", "GNU tar, empty archive (process start floor)", () => Runners.Tar(Runners.TarSpawnArguments()), true));

            string loadBefore = LoadAverage();
            Console.WriteLine($"   warm-up, {options.WarmupRounds} round(s) (load {loadBefore})");
            for (int round = 0; round < options.WarmupRounds; round++)
            {
                foreach (var mode in modes)
                {
                    mode.Run();
                }

                // Tiered JIT promotes hot methods on a background thread after a quiet 100 ms: give it
                // time, so the timed runs measure optimised code (the cold table shows the first run).
                Thread.Sleep(300);
            }

            var samples = modes.ToDictionary(m => m.Key, _ => new List<RunResult>());
            for (int round = 0; round < options.Runs; round++)
            {
                // Rotate the order so no mode always runs right after the same other one.
                for (int k = 0; k < modes.Count; k++)
                {
                    var mode = modes[(k + round) % modes.Count];
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    var sample = mode.Run();
                    samples[mode.Key].Add(sample);
                    CheckBytes(mode, sample, verification);
                }

                Console.WriteLine($"   round {round + 1}/{options.Runs}: " + string.Join(", ", modes.Select(m => $"{m.Key} {samples[m.Key][^1].Milliseconds:F1}")));
            }

            var cold = new List<(double, double)>();
            for (int i = 0; i < options.ColdRuns; i++)
            {
                cold.Add(RunCold(repository, scenario.Name));
            }

            if (cold.Count > 0)
            {
                Console.WriteLine($"   cold: first Write in a new process {Median(cold.Select(c => c.Item1)):F1} ms, whole process {Median(cold.Select(c => c.Item2)):F1} ms");
            }

            results.Add(new ScenarioResult(scenario, verification, samples, cold, loadBefore, modes.Select(m => m.Key).ToList()));
        }

        string loadAtEnd = LoadAverage();
        Console.WriteLine("Profiling where the time goes ...");
        string profile = Profiler.Run(repository, options.Runs);

        // Leave the generated repository with the default .dockerignore (Profiler.Run does too).
        File.WriteAllText(Path.Combine(repository, BuildContextFileEnumerator.DockerIgnoreFileName), DockerIgnoreDefaults.Text);

        string report = Report.Write(options, repository, everything, areas, generated, results, loadAtMeasureStart, loadAtEnd, profile);
        if (options.Output is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
            File.WriteAllText(options.Output, report);
            Console.WriteLine($"Wrote {options.Output}");
        }
        else
        {
            Console.WriteLine(report);
        }

        return results.All(r => r.Verification.Problems.Count == 0) ? 0 : 1;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static void CheckBytes(Mode mode, RunResult sample, Verification verification)
    {
        long expected = mode.Key switch
        {
            "walk" => verification.ContentBytes,
            "tar-list" or "find-tar" => verification.GnuTarListBytes,
            "tar-exclude" => verification.GnuTarExcludeBytes,
            "tar-spawn" => -1,
            _ => verification.TarBytes,
        };
        if (expected >= 0 && sample.TarBytes != expected)
        {
            throw new InvalidOperationException($"{mode.Key} produced {sample.TarBytes} bytes, the verified run {expected}");
        }
    }

    private static (double InProcessMs, double ProcessMs) RunCold(string repository, string scenario)
    {
        string self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Bench).Assembly.Location);
        }

        foreach (string argument in new[] { "cold", "--repo", repository, "--scenario", scenario })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double wall = clock.Elapsed.TotalMilliseconds;
        string ms = output.Split(' ', '\n').First(p => p.StartsWith("cold-ms=", StringComparison.Ordinal))["cold-ms=".Length..];
        return (double.Parse(ms, CultureInfo.InvariantCulture), wall);
    }

    private static List<(string Area, int Files, long Bytes)> Areas(List<RepoEntry> everything)
    {
        static string AreaOf(string path)
        {
            string[] segments = path.Split('/');
            if (segments[0] == "node_modules")
            {
                return "node_modules/";
            }

            if (segments[0] == ".git")
            {
                return ".git/";
            }

            if (segments.Length > 2 && segments[0] == "src" && segments[2] == "bin")
            {
                return segments.Length > 5 && segments[5] == "publish" ? "src/*/bin/ (of which bin/Release/*/publish/)" : "src/*/bin/";
            }

            if (segments.Length > 2 && segments[0] == "src" && segments[2] == "obj")
            {
                return "src/*/obj/";
            }

            return "everything else (sources, docs, IDE state, secrets, logs)";
        }

        return everything.Where(e => !e.IsDirectory)
            .GroupBy(e => AreaOf(e.Path))
            .Select(g => (g.Key, g.Count(), g.Sum(e => e.Length)))
            .OrderByDescending(a => a.Item3)
            .ToList();
    }
}

internal static class Report
{
    public static string Write(
        Options options,
        string repository,
        List<RepoEntry> everything,
        List<(string Area, int Files, long Bytes)> areas,
        IReadOnlyDictionary<string, (int Files, long Bytes)>? generated,
        List<ScenarioResult> results,
        string loadAtMeasureStart,
        string loadAtEnd,
        string profile)
    {
        var md = new StringBuilder();
        md.AppendLine("# Build context at scale: ContainerStages vs GNU tar");
        md.AppendLine();
        md.AppendLine("Generated by `bench/context/run.sh` (issue 3, \"The build context at scale\"). Goal: streaming the");
        md.AppendLine("context within 1.5x of GNU tar's time for the same selection, and never more bytes than needed.");
        md.AppendLine();
        md.AppendLine($"Measured: {options.Variant}.");
        md.AppendLine();
        md.AppendLine($"Machine: {Machine()}");
        md.AppendLine($"Load average (1/5/15 min): {options.LoadAtStart ?? "?"} when run.sh started; {loadAtMeasureStart} when measuring started; {loadAtEnd} when the timed runs ended. {options.WaitNote}");
        md.AppendLine();
        int files = everything.Count(e => !e.IsDirectory && !e.IsLink);
        int links = everything.Count(e => e.IsLink);
        int dirs = everything.Count(e => e.IsDirectory);
        long bytes = everything.Sum(e => e.Length);
        md.AppendLine($"Repository: `{repository}` (generated deterministically, kept between runs{(generated is null ? ", reused" : ", generated for this run")}):");
        md.AppendLine($"{files:N0} files + {links} symbolic links in {dirs:N0} directories, {bytes:N0} bytes ({bytes / 1e6:F0} MB).");
        md.AppendLine();
        md.AppendLine("| area | files | bytes | share of bytes |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var (area, count, size) in areas)
        {
            md.AppendLine($"| {area} | {count:N0} | {size:N0} | {100.0 * size / bytes:F1}% |");
        }

        md.AppendLine();
        md.AppendLine("## What is sent (bytes check)");
        md.AppendLine();
        md.AppendLine("Checked once per scenario before timing: the package's tar is read back with `System.Formats.Tar.TarReader`;");
        md.AppendLine("every entry is tested against an expectation of the selection written without the package (path-segment");
        md.AppendLine("tests and a regex) and against `DockerIgnoreRules.IsExcluded`; every selected file must be there exactly once");
        md.AppendLine("with the bytes on disk; and the archive must be exactly as long as the entries need (512-byte header + content");
        md.AppendLine("padded to 512, a GNU long-name record only for names over 100 bytes, 1024 bytes of end blocks). Every timed");
        md.AppendLine("run's byte count is then checked against it. GNU tar pads its archive to 10,240-byte records.");
        md.AppendLine();
        md.AppendLine("| scenario | files sent | links | dirs | content bytes | long-name records | ContainerStages tar bytes | bytes needed | GNU tar (-T list) bytes | GNU tar (--exclude-from) bytes, selection | repo files left out | repo bytes left out | check |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|");
        foreach (var r in results)
        {
            var v = r.Verification;
            string exclude = v.GnuTarExcludeBytes > 0 ? $"{v.GnuTarExcludeBytes:N0}, {v.GnuTarExcludeSelection}" : "n/a (no tar glob for `!`)";
            string check = v.Problems.Count == 0 ? "**pass**" : $"**FAIL** ({v.Problems.Count})";
            md.AppendLine($"| {r.Scenario.Name} | {v.Files:N0} | {v.Links} | {v.Directories:N0} | {v.ContentBytes:N0} | {v.LongNameRecords} | {v.TarBytes:N0} | {v.NeededBytes:N0} | {v.GnuTarListBytes:N0} | {exclude} | {v.RepoFilesExcluded:N0} | {v.RepoBytesExcluded:N0} | {check} |");
        }

        foreach (var r in results.Where(r => r.Verification.Problems.Count > 0))
        {
            md.AppendLine();
            md.AppendLine($"Problems in {r.Scenario.Name}:");
            foreach (string problem in r.Verification.Problems)
            {
                md.AppendLine($"- {problem}");
            }
        }

        md.AppendLine();
        md.AppendLine("Scenarios:");
        foreach (var r in results)
        {
            md.AppendLine($"- **{r.Scenario.Name}**: {r.Scenario.Description}.");
        }

        md.AppendLine();
        md.AppendLine($"## Time to stream (ms, median [min-max] of {options.Runs} runs after {options.WarmupRounds} warm-up rounds, page cache warm)");
        md.AppendLine();
        md.AppendLine("All in one process, modes interleaved round by round (the order rotates), after warm-up rounds that let the");
        md.AppendLine("tiered JIT optimise the hot code: steady state, as in a reused MSBuild node (the cold table below is a first");
        md.AppendLine("publish in a fresh process). Every ContainerStages time includes parsing the");
        md.AppendLine("`.dockerignore` text; every tar time includes starting the tar process (the `tar-spawn` column is that floor).");
        md.AppendLine("tar's output goes to a pipe drained by this process (never to /dev/null, which GNU tar special-cases).");
        md.AppendLine();
        md.AppendLine("| scenario | walk only | CS → null | CS → Pipe (as ImageBuilder today) | CS → 64 KiB BufferedStream → Pipe | CS → OS pipe | tar -T list → pipe | find ∥ tar -T list → pipe | tar --exclude-from → pipe | tar spawn floor | **ratio** CS (Pipe, today) / tar -T | CS (null) / tar -T | CS (buffered Pipe) / tar -T | CS (Pipe) / find ∥ tar | goal ≤ 1.5x |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            string Cell(string key) => r.Samples.TryGetValue(key, out var s)
                ? $"{Bench.Median(s.Select(x => x.Milliseconds)):F1} [{s.Min(x => x.Milliseconds):F1}-{s.Max(x => x.Milliseconds):F1}]"
                : "n/a";
            double M(string key) => Bench.Median(r.Samples[key].Select(x => x.Milliseconds));
            double ratio = M("cs-pipelines") / M("tar-list");
            double ratioNull = M("cs-null") / M("tar-list");
            double ratioBuffered = M("cs-pipelines-buffered") / M("tar-list");
            string ratioWalking = r.Samples.ContainsKey("find-tar") ? $"{M("cs-pipelines") / M("find-tar"):F2}x" : "n/a";
            string goal = Math.Max(ratio, ratioNull) <= 1.5 ? "met" : ratioNull <= 1.5 ? "met for the producer, missed through the Pipe" : "**missed**";
            md.AppendLine($"| {r.Scenario.Name} | {Cell("walk")} | {Cell("cs-null")} | {Cell("cs-pipelines")} | {Cell("cs-pipelines-buffered")} | {Cell("cs-ospipe")} | {Cell("tar-list")} | {Cell("find-tar")} | {Cell("tar-exclude")} | {Cell("tar-spawn")} | **{ratio:F2}x** | {ratioNull:F2}x | {ratioBuffered:F2}x | {ratioWalking} | {goal} |");
        }

        md.AppendLine();
        md.AppendLine("Throughput and write pattern (medians):");
        md.AppendLine();
        md.AppendLine("| scenario | tar bytes | CS → null MB/s | tar -T MB/s | Write calls into the output stream | average write | load before the scenario |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            double csMs = Bench.Median(r.Samples["cs-null"].Select(x => x.Milliseconds));
            double tarMs = Bench.Median(r.Samples["tar-list"].Select(x => x.Milliseconds));
            long calls = r.Samples["cs-null"][0].WriteCalls;
            long tarBytes = r.Verification.TarBytes;
            md.AppendLine($"| {r.Scenario.Name} | {tarBytes:N0} | {tarBytes / 1e3 / csMs:F0} | {r.Verification.GnuTarListBytes / 1e3 / tarMs:F0} | {calls:N0} | {tarBytes / Math.Max(1, calls):N0} B | {r.LoadBefore} |");
        }

        if (results.Any(r => r.Cold.Count > 0))
        {
            md.AppendLine();
            md.AppendLine($"Cold (a new process per run, {options.ColdRuns} runs, median [min-max]): the first `Write` in a process pays JIT, as the");
            md.AppendLine("first publish in an MSBuild node does; \"whole process\" adds the .NET host start.");
            md.AppendLine();
            md.AppendLine("| scenario | first Write in a new process (ms) | whole process (ms) | vs tar -T list (first Write) |");
            md.AppendLine("|---|---:|---:|---:|");
            foreach (var r in results.Where(r => r.Cold.Count > 0))
            {
                double first = Bench.Median(r.Cold.Select(c => c.InProcessMs));
                double tarMs = Bench.Median(r.Samples["tar-list"].Select(x => x.Milliseconds));
                md.AppendLine($"| {r.Scenario.Name} | {first:F1} [{r.Cold.Min(c => c.InProcessMs):F1}-{r.Cold.Max(c => c.InProcessMs):F1}] | {Bench.Median(r.Cold.Select(c => c.ProcessMs)):F1} | {first / tarMs:F2}x |");
            }
        }

        md.AppendLine();
        md.AppendLine("## Where the time goes");
        md.AppendLine();
        md.AppendLine($"Measured after the table above, from outside the package (public API only), median [min-max] of {options.Runs} runs.");
        md.AppendLine();
        md.Append(profile);
        md.AppendLine();
        md.AppendLine("Raw samples (ms):");
        md.AppendLine();
        md.AppendLine("```");
        foreach (var r in results)
        {
            foreach (string key in r.Modes)
            {
                md.AppendLine($"{r.Scenario.Name,-18} {key,-13} " + string.Join(' ', r.Samples[key].Select(s => s.Milliseconds.ToString("F1", CultureInfo.InvariantCulture))));
            }
        }

        md.AppendLine("```");
        return md.ToString();
    }

    private static string Machine()
    {
        string cpu = ReadFirst("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        string? memory = ReadFirst("/proc/meminfo", "MemTotal");
        string kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "?";
        string tar = TarVersion();
        return $"nproc {Environment.ProcessorCount}, memory {memory ?? "?"}, CPU {cpu}, Linux {kernel}, {RuntimeInformation.FrameworkDescription}, {tar}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
    }

    private static string? ReadFirst(string file, string key)
    {
        try
        {
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line?[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string TarVersion()
    {
        try
        {
            var start = new ProcessStartInfo("tar", "--version") { RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            string first = process.StandardOutput.ReadLine() ?? "tar";
            process.WaitForExit();
            return first;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "tar ?";
        }
    }
}
