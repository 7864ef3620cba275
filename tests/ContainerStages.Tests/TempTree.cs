namespace ContainerStages.Tests;

/// <summary>A throw-away folder tree under the temp folder, deleted on dispose.</summary>
internal sealed class TempTree : IDisposable
{
    /// <param name="parent">Where to make it; the system temp folder by default.</param>
    public TempTree(string? parent = null)
    {
        Root = Path.Combine(parent ?? Path.GetTempPath(), "cstg-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The full path of a path relative to <see cref="Root"/>, written with '/'.</summary>
    public string FullPath(string relative) =>
        relative.Length == 0 ? Root : Path.GetFullPath(Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar)));

    public string WriteFile(string relative, string content = "")
    {
        string path = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string CreateFolder(string relative) => Directory.CreateDirectory(FullPath(relative)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on Windows: the OS temp cleanup gets it later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
