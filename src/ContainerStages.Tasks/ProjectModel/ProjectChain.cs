namespace ContainerStages.ProjectModel;

/// <summary>
/// Whether the projects a build compiles form one chain of references (each one references the
/// one before it, directly or not), so that no two of them can ever build at the same time.
/// </summary>
/// <remarks>
/// In a fresh container every extra MSBuild node is a cold process (start, JIT, evaluation) and in a
/// chain it has nothing to build in parallel: the container's build is faster with one node
/// (bench/results/experiments.md: 0.78x for a web app over two libraries). A graph with two
/// independent projects keeps MSBuild's default, where the extra node can pay for itself.
/// </remarks>
internal static class ProjectChain
{
    /// <summary>
    /// True when the given projects and every project they reference are two or more projects that
    /// form one chain. References are read from the project files as written (conditions are not
    /// evaluated), which is enough for a choice that changes only the speed of the build.
    /// </summary>
    public static bool IsChain(IEnumerable<string> projectPaths) =>
        IsChain(ProjectFileReader.ReadProjectGraph(projectPaths).ToDictionary(StringComparer.Ordinal));

    /// <summary>The same test over a graph given as each project's direct references.</summary>
    internal static bool IsChain(IReadOnlyDictionary<string, IReadOnlyList<string>> references)
    {
        if (references.Count < 2)
        {
            return false;
        }

        var reachable = references.Keys.ToDictionary(p => p, p => Reachable(p, references), StringComparer.Ordinal);

        // In a chain the project that reaches k others is unique for every k from 0 to n-1 and each
        // one reaches the one below it; sorting by that count and checking neighbours proves both.
        var ordered = reachable.OrderBy(p => p.Value.Count).ToList();
        for (int i = 1; i < ordered.Count; i++)
        {
            if (!ordered[i].Value.Contains(ordered[i - 1].Key))
            {
                return false;
            }
        }

        return true;
    }

    private static HashSet<string> Reachable(string project, IReadOnlyDictionary<string, IReadOnlyList<string>> references)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(Direct(project, references));
        while (pending.Count > 0)
        {
            string next = pending.Pop();
            if (references.ContainsKey(next) && seen.Add(next))
            {
                foreach (string reference in Direct(next, references))
                {
                    pending.Push(reference);
                }
            }
        }

        seen.Remove(project);
        return seen;
    }

    private static IReadOnlyList<string> Direct(string project, IReadOnlyDictionary<string, IReadOnlyList<string>> references) =>
        references.TryGetValue(project, out var direct) ? direct : [];
}
