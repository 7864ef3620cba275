namespace ContainerStages.Context;

/// <summary>
/// Lists what goes into a build context, lazily and in the order of the tar: paths sorted ordinally
/// (a directory sorts as its name plus "/"), each directory before its contents.
/// </summary>
/// <remarks>
/// <para>The .dockerignore at the root is always included, as the Docker CLI does. An excluded
/// directory is not read at all unless a later exception could re-include something below it; a
/// directory that is excluded but holds a re-included path is listed just before that path, as
/// BuildKit does, so every entry's directory comes first.</para>
/// <para>Symbolic links are listed as links and never followed, wherever they point. FIFOs and
/// device nodes are listed as such (the Docker CLI sends them too); sockets are listed as
/// <see cref="BuildContextEntryKind.Unsupported"/>, which the Docker CLI leaves out.</para>
/// <para>Directories are read ahead, several at a time, by <see cref="ContextDirectoryReader"/>
/// (reading directories is most of the time a large context takes): the entries still come out one
/// by one in tar order, and a directory that cannot be read fails where the walk reaches it.</para>
/// </remarks>
public static class BuildContextFileEnumerator
{
    /// <summary>The ignore file's name, always sent from the context root.</summary>
    public const string DockerIgnoreFileName = ".dockerignore";

    /// <summary>Lists the context's entries in tar order.</summary>
    /// <exception cref="DirectoryNotFoundException">The context directory does not exist.</exception>
    public static IEnumerable<BuildContextEntry> Enumerate(
        string contextDirectory, DockerIgnoreRules rules, CancellationToken cancellationToken = default) =>
        Enumerate(contextDirectory, rules, onDirectoryRead: null, cancellationToken);

    /// <param name="onDirectoryRead">Told the relative path of each directory read, "" for the root: lets tests see what was skipped.</param>
    internal static IEnumerable<BuildContextEntry> Enumerate(
        string contextDirectory, DockerIgnoreRules rules, Action<string>? onDirectoryRead, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(contextDirectory);
        ArgumentNullException.ThrowIfNull(rules);
        var root = new DirectoryInfo(Path.GetFullPath(contextDirectory));
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"The build context directory {root.FullName} does not exist.");
        }

        return Walk(root.FullName, rules.WithAlwaysIncluded(DockerIgnoreFileName), onDirectoryRead, cancellationToken);
    }

    private static IEnumerable<BuildContextEntry> Walk(
        string root, DockerIgnoreRules rules, Action<string>? onDirectoryRead, CancellationToken cancellationToken)
    {
        using var reader = new ContextDirectoryReader(root, rules, cancellationToken);

        // Excluded directories being read for a possible re-included path, outermost first; written out
        // just before the first entry found below them.
        var pendingDirectories = new List<BuildContextEntry>();
        var stack = new Stack<(ContextDirectory Directory, int Next, int PendingDepth)>();
        stack.Push((reader.Root, 0, 0));
        while (stack.Count > 0)
        {
            var (directory, next, pendingDepth) = stack.Pop();
            if (next == 0)
            {
                onDirectoryRead?.Invoke(directory.RelativePath);
                reader.WaitUntilRead(directory);
            }

            var children = directory.Children!;
            if (next == children.Count)
            {
                if (pendingDirectories.Count > pendingDepth)
                {
                    // Nothing below the excluded directory was included: it stays out.
                    pendingDirectories.RemoveRange(pendingDepth, pendingDirectories.Count - pendingDepth);
                }

                continue;
            }

            stack.Push((directory, next + 1, pendingDepth));
            var child = children[next];
            if (child.Directory is null || !child.Excluded)
            {
                foreach (var pending in pendingDirectories)
                {
                    yield return pending;
                }

                pendingDirectories.Clear();
                yield return child.Entry;
            }
            else
            {
                pendingDirectories.Add(child.Entry);
            }

            if (child.Directory is { } below)
            {
                stack.Push((below, 0, child.Excluded ? pendingDirectories.Count - 1 : pendingDirectories.Count));
            }
        }
    }
}
