using System.Text;

namespace ContainerStages.Planning;

/// <summary>
/// Writes a generated file only when its content changed, so its timestamp (and everything that
/// depends on it: MSBuild's incremental checks, editors, file watchers) moves only for a real change.
/// </summary>
internal static class GeneratedFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <returns>True when the file was written.</returns>
    public static bool WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && string.Equals(File.ReadAllText(path), content, StringComparison.Ordinal))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, content, Utf8NoBom);
        return true;
    }
}
