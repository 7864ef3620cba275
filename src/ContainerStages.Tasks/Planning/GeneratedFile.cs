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

        // Projects of one solution publish in parallel and share the context's .dockerignore: write a
        // temporary file and rename it over the old one, so no reader ever sees a half-written file.
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temporary = $"{fullPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temporary, content, Utf8NoBom);
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return true;
    }
}
