using System.Formats.Tar;
using System.Globalization;
using System.Text;
using ContainerStages.Dockerfile;

namespace ContainerStages.TestResults;

/// <summary>
/// Reads the test-results stage as BuildKit's tar exporter sent it: results/ is written to the
/// results folder (each file replacing the one of the same name from an earlier run), outcome/exit-code
/// says whether the tests passed.
/// </summary>
internal static class TestResultsArchive
{
    /// <returns>The files written and the tests' exit code (null when the archive has none).</returns>
    public static (IReadOnlyList<string> Files, int? ExitCode) Extract(Stream archive, string directory)
    {
        string root = Path.GetFullPath(directory);
        var files = new List<string>();
        int? exitCode = null;
        using var reader = new TarReader(archive);
        while (reader.GetNextEntry() is { } entry)
        {
            string name = entry.Name.Replace('\\', '/').TrimStart('.', '/');
            if (name == $"{TestResultsLayout.OutcomeFolder}/exit-code" && entry.DataStream is { } code)
            {
                using var text = new StreamReader(code, Encoding.UTF8);
                exitCode = int.TryParse(text.ReadToEnd().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) ? parsed : null;
                continue;
            }

            string prefix = TestResultsLayout.ResultsFolder + "/";
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is not { } data)
            {
                continue;
            }

            // The archive comes from the build: a name that climbs out of the folder is not written.
            string target = Path.GetFullPath(Path.Combine(root, name[prefix.Length..]));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using (var file = File.Create(target))
            {
                data.CopyTo(file);
            }

            files.Add(target);
        }

        return (files, exitCode);
    }
}
