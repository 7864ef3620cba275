namespace ContainerStages.Tests.Architecture;

/// <summary>
/// The import graph of the source folders (one namespace per folder) and the two things it must never
/// have: a cycle, and an import against the intended direction (a folder of a lower layer using one
/// of a higher layer, or two folders that must stay apart using each other).
/// </summary>
internal sealed class FolderImportGraph
{
    private readonly IReadOnlyDictionary<(string From, string To), string> _edges;

    public FolderImportGraph(IReadOnlyDictionary<(string From, string To), string> edges) => _edges = edges;

    public IEnumerable<string> Folders => _edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal);

    /// <summary>One line per folder: "Engine -> Context, Engine.BuildKit".</summary>
    public string Describe() => string.Join('\n', Folders.Select(folder =>
        $"{folder} -> {string.Join(", ", _edges.Keys.Where(e => e.From == folder).Select(e => e.To).Order(StringComparer.Ordinal))}"));

    /// <summary>Every group of folders that import each other round, each a sorted list of two or more folders.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        // Tarjan's strongly connected components: a component of two or more folders is a cycle.
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var onStack = new HashSet<string>();
        var stack = new Stack<string>();
        var cycles = new List<IReadOnlyList<string>>();
        int next = 0;

        void Visit(string folder)
        {
            index[folder] = low[folder] = next++;
            stack.Push(folder);
            onStack.Add(folder);
            foreach (string to in _edges.Keys.Where(e => e.From == folder).Select(e => e.To))
            {
                if (!index.ContainsKey(to))
                {
                    Visit(to);
                    low[folder] = Math.Min(low[folder], low[to]);
                }
                else if (onStack.Contains(to))
                {
                    low[folder] = Math.Min(low[folder], index[to]);
                }
            }

            if (low[folder] == index[folder])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != folder);

                if (component.Count > 1)
                {
                    cycles.Add(component.Order(StringComparer.Ordinal).ToList());
                }
            }
        }

        foreach (string folder in Folders)
        {
            if (!index.ContainsKey(folder))
            {
                Visit(folder);
            }
        }

        return cycles;
    }

    /// <summary>
    /// Imports against the layers: a folder may use folders of its own layer or below, never above; a
    /// folder of no layer is itself a violation; folders in <paramref name="apart"/> never use each other.
    /// </summary>
    /// <param name="layers">Folder name or prefix ("Stacks.") to layer number; higher layers use lower ones.</param>
    public IReadOnlyList<string> Violations(IReadOnlyDictionary<string, int> layers, IReadOnlyList<string>? apart = null)
    {
        var found = new List<string>();
        foreach (var ((from, to), example) in _edges.OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal))
        {
            int? fromLayer = LayerOf(from, layers);
            int? toLayer = LayerOf(to, layers);
            if (fromLayer is null || toLayer is null)
            {
                found.Add($"{from} -> {to}: {(fromLayer is null ? from : to)} has no layer ({example})");
            }
            else if (toLayer > fromLayer)
            {
                found.Add($"{from} (layer {fromLayer}) -> {to} (layer {toLayer}) goes up ({example})");
            }
            else if (apart is not null && InGroup(from, apart) is { } a && InGroup(to, apart) is { } b && a != b)
            {
                found.Add($"{from} -> {to}: these stay apart ({example})");
            }
        }

        return found;
    }

    private static int? LayerOf(string folder, IReadOnlyDictionary<string, int> layers)
    {
        if (layers.TryGetValue(folder, out int layer))
        {
            return layer;
        }

        // The longest prefix that names a folder and its subfolders ("Stacks." for Stacks.DotNet).
        var prefix = layers.Keys.Where(k => k.EndsWith('.') && folder.StartsWith(k, StringComparison.Ordinal)).MaxBy(k => k.Length);
        return prefix is null ? null : layers[prefix];
    }

    private static string? InGroup(string folder, IReadOnlyList<string> apart) =>
        apart.FirstOrDefault(a => folder == a || folder.StartsWith(a + ".", StringComparison.Ordinal));
}
