using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ContainerStages.SourceControl;

/// <summary>
/// The committer time of a commit: the time a reproducible image takes when SOURCE_DATE_EPOCH is not
/// set, the same on every clone of that commit. A new commit is a loose object, read straight from the
/// object folder; packed objects (clones, shallow CI checkouts) are asked of git, which such machines
/// have. Null when neither works: the image then takes a fixed time.
/// </summary>
internal static class GitCommitTimeReader
{
    private static readonly TimeSpan GitTimeout = TimeSpan.FromSeconds(10);

    public static DateTimeOffset? Read(string commonDirectory, string workingDirectory, string commitId) =>
        ReadLooseObject(commonDirectory, commitId) ?? AskGit(workingDirectory, commitId);

    /// <summary>The committer line of a commit object's text: "committer Name &lt;mail&gt; 1700000000 +0100".</summary>
    internal static DateTimeOffset? ParseCommitterTime(string commitText)
    {
        foreach (string line in commitText.Split('\n'))
        {
            if (line.Length == 0)
            {
                // The headers end at the first empty line; the message follows.
                break;
            }

            if (line.StartsWith("committer ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                return parts.Length >= 3 && long.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : null;
            }
        }

        return null;
    }

    private static DateTimeOffset? ReadLooseObject(string commonDirectory, string commitId)
    {
        string path = Path.Combine(commonDirectory, "objects", commitId[..2], commitId[2..]);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var file = File.OpenRead(path);
            using var inflated = new ZLibStream(file, CompressionMode.Decompress);
            using var reader = new StreamReader(inflated, Encoding.UTF8);

            // "commit <size>\0" then the commit's text; a commit's headers are short, so 64 KiB is plenty.
            var buffer = new char[64 * 1024];
            int read = reader.ReadBlock(buffer, 0, buffer.Length);
            string text = new(buffer, 0, read);
            int nul = text.IndexOf('\0', StringComparison.Ordinal);
            return nul > 0 && text.StartsWith("commit ", StringComparison.Ordinal) ? ParseCommitterTime(text[(nul + 1)..]) : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    private static DateTimeOffset? AskGit(string workingDirectory, string commitId)
    {
        try
        {
            var start = new ProcessStartInfo("git")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { "-c", "safe.directory=*", "show", "-s", "--format=%ct", commitId })
            {
                start.ArgumentList.Add(argument);
            }

            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            git.StandardInput.Close();
            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(GitTimeout))
            {
                git.Kill(entireProcessTree: true);
                return null;
            }

            return git.ExitCode == 0 && long.TryParse(output.Result.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception error) when (error is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            // No git on this machine: the caller falls back to a fixed time.
            return null;
        }
    }
}
