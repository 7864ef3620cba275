using System.Diagnostics;
using System.IO.Pipelines;
using System.IO.Pipes;
using ContainerStages.Context;

namespace ContextBench;

/// <summary>What one timed run produced.</summary>
internal readonly record struct RunResult(double Milliseconds, long TarBytes, int Files, long WriteCalls);

/// <summary>The timed operations. Every one includes parsing the .dockerignore text, as a publish does.</summary>
internal static class Runners
{
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>Only the walk: list the entries (directory reads, rule matching, one lstat per entry), no file read.</summary>
    public static RunResult WalkOnly(string repository, string ignoreText)
    {
        var clock = Stopwatch.StartNew();
        var rules = DockerIgnoreRules.Parse(ignoreText);
        int files = 0;
        long bytes = 0;
        foreach (var entry in BuildContextFileEnumerator.Enumerate(repository, rules))
        {
            if (entry.Kind != BuildContextEntryKind.Directory)
            {
                files++;
                bytes += entry.Length;
            }
        }

        return new RunResult(clock.Elapsed.TotalMilliseconds, bytes, files, 0);
    }

    /// <summary>BuildContextTar.Write into a sink that only counts: the producer's own cost.</summary>
    public static RunResult WriteToNull(string repository, string ignoreText)
    {
        var clock = Stopwatch.StartNew();
        var rules = DockerIgnoreRules.Parse(ignoreText);
        var sink = new CountingNullStream();
        var result = BuildContextTar.Write(repository, rules, sink);
        double ms = clock.Elapsed.TotalMilliseconds;
        return new RunResult(ms, sink.BytesWritten, result.FileCount, sink.WriteCalls);
    }

    /// <summary>
    /// As ImageBuilder streams it to the engine: Write on a pool thread into a System.IO.Pipelines
    /// Pipe through PipeWriter.AsStream(), while the consumer copies PipeReader.AsStream() out with
    /// Stream.CopyToAsync (what HttpClient's StreamContent does), here into a counting sink.
    /// </summary>
    /// <param name="bufferSize">
    /// 0: exactly as ImageBuilder does today. Otherwise the proposed fix, tried from outside: a
    /// BufferedStream of this size between Write and the pipe, so that 512-byte headers and small
    /// files reach the Pipe as large writes (one FlushAsync, one reader wake-up, per buffer).
    /// </param>
    public static RunResult WriteThroughPipelines(string repository, string ignoreText, int bufferSize = 0)
    {
        var clock = Stopwatch.StartNew();
        var rules = DockerIgnoreRules.Parse(ignoreText);
        var pipe = new Pipe();
        var sending = Task.Run(async () =>
        {
            BuildContextTarResult result;
            await using (var stream = pipe.Writer.AsStream(leaveOpen: true))
            {
                if (bufferSize > 0)
                {
                    await using var buffered = new BufferedStream(stream, bufferSize);
                    result = BuildContextTar.Write(repository, rules, buffered);
                }
                else
                {
                    result = BuildContextTar.Write(repository, rules, stream);
                }
            }

            await pipe.Writer.CompleteAsync();
            return result;
        });

        var sink = new CountingNullStream();
        using (var body = pipe.Reader.AsStream())
        {
            body.CopyToAsync(sink).GetAwaiter().GetResult();
        }

        var sent = sending.GetAwaiter().GetResult();
        double ms = clock.Elapsed.TotalMilliseconds;
        return new RunResult(ms, sink.BytesWritten, sent.FileCount, sink.WriteCalls);
    }

    /// <summary>BuildContextTar.Write straight into an OS pipe, drained by a thread: the same consumer as tar's.</summary>
    public static RunResult WriteToOsPipe(string repository, string ignoreText)
    {
        var clock = Stopwatch.StartNew();
        var rules = DockerIgnoreRules.Parse(ignoreText);
        using var server = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        long drained = 0;
        var reader = new Thread(() => drained = Drain(client)) { IsBackground = true };
        reader.Start();
        var result = BuildContextTar.Write(repository, rules, server);
        server.Dispose();
        reader.Join();
        double ms = clock.Elapsed.TotalMilliseconds;
        return new RunResult(ms, drained, result.FileCount, 0);
    }

    /// <summary>GNU tar (a new process) writing to a pipe that this process drains, as `tar ... | wc -c` would.</summary>
    public static RunResult Tar(IReadOnlyList<string> arguments, Stream? capture = null, string executable = "tar")
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        var errors = process.StandardError.ReadToEndAsync();
        long bytes = capture is null ? Drain(process.StandardOutput.BaseStream) : Copy(process.StandardOutput.BaseStream, capture);
        process.WaitForExit();
        double ms = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} exited with {process.ExitCode}: {errors.Result}");
        }

        return new RunResult(ms, bytes, -1, 0);
    }

    /// <summary>
    /// find over the directories the walk reads, running beside tar -T list (whose archive is drained and
    /// timed): the wall time of a native pipeline that has to walk as the package does and archive the
    /// selection, with the two overlapping as they would through a pipe.
    /// </summary>
    public static RunResult FindBesideTar(IReadOnlyList<string> findArguments, IReadOnlyList<string> tarArguments)
    {
        static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        string script = $"find {string.Join(' ', findArguments.Select(Quote))} > /dev/null & tar {string.Join(' ', tarArguments.Select(Quote))}; wait";
        return Tar(["-c", script], executable: "sh");
    }

    public static string[] TarListArguments(string repository, string listFile) =>
        ["--format=gnu", "-c", "-f", "-", "-C", repository, "--no-recursion", "--verbatim-files-from", "-T", listFile];

    public static string[] TarExcludeArguments(string repository, string excludeFile) =>
        ["--format=gnu", "-c", "-f", "-", "--exclude-from", excludeFile, "-C", repository, "."];

    // The floor of any tar measurement here: start tar, write an empty archive, wait for it.
    public static string[] TarSpawnArguments() => ["--format=gnu", "-c", "-f", "-", "-T", "/dev/null"];

    private static long Drain(Stream stream)
    {
        byte[] buffer = new byte[ReadBufferSize];
        long total = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static long Copy(Stream from, Stream to)
    {
        byte[] buffer = new byte[ReadBufferSize];
        long total = 0;
        int read;
        while ((read = from.Read(buffer)) > 0)
        {
            to.Write(buffer, 0, read);
            total += read;
        }

        return total;
    }
}
