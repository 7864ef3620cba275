namespace ContainerStages.Tests.Context;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    /// <param name="parent">Where to make it; the system temp folder by default.</param>
    public TemporaryDirectory(string? parent = null)
    {
        Root = Path.Combine(parent ?? Path.GetTempPath(), "containerstages-context-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Creates a file (and its directories) at a "/"-separated path below the root.</summary>
    public string CreateFile(string relativePath, string content = "")
    {
        string full = FullPath(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public string CreateDirectory(string relativePath) => Directory.CreateDirectory(FullPath(relativePath)).FullName;

    public string FullPath(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public void Dispose()
    {
        // Directory.Delete removes symbolic links as links, without following them out of the tree.
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
