using ContainerStages.Planning;

namespace ContainerStages.Tests.Architecture;

/// <summary>
/// The import check of src/ (run with the unit tests, so by .ci/run): it prints the folder import graph
/// of the compiled tasks assembly and fails on a cycle or on an import against the intended direction,
/// Tasks → Pipeline → Planning → the stacks → what they share → Engine → the leaves.
/// </summary>
[TestClass]
public sealed class SourceFolderImportTests
{
    /// <summary>The layers, highest first; a folder may use its own layer and those below. A prefix ending in '.' takes the subfolders.</summary>
    internal static readonly IReadOnlyDictionary<string, int> Layers = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Tasks"] = 7,
        ["Pipeline"] = 6,
        ["Planning"] = 5,
        ["Stacks.DotNet"] = 4,
        ["Stacks.Node"] = 4,
        ["Stacks"] = 3,
        ["Dockerfile"] = 2,
        ["Context"] = 2,
        ["Labels"] = 2,
        ["SourceControl"] = 2,
        ["ProjectModel"] = 2,
        ["Reporting"] = 2,
        ["Inputs"] = 2,
        ["TestResults"] = 2,
        ["NuGetCredentials"] = 2,
        ["NpmCredentials"] = 2,
        ["Secrets"] = 2,
        ["Registry"] = 2,
        ["Engine"] = 1,
        ["Engine."] = 1,
        ["DockerConfig"] = 0,
        ["Naming"] = 0,
        ["Resources"] = 0,
    };

    /// <summary>Stacks never use each other: what one gives another goes through the Stacks seam.</summary>
    internal static readonly IReadOnlyList<string> Apart = ["Stacks.DotNet", "Stacks.Node"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Source_folders_import_without_cycles_and_only_downwards()
    {
        var graph = new FolderImportGraph(NamespaceDependencyReader.Read(typeof(BuildPlanner).Assembly, "ContainerStages"));
        TestContext.WriteLine(graph.Describe());

        var cycles = graph.Cycles();
        var violations = graph.Violations(Layers, Apart);

        Assert.IsEmpty(cycles, "Folders that import each other round:\n" + string.Join("\n", cycles.Select(c => string.Join(" <-> ", c))));
        Assert.IsEmpty(violations, "Imports against the layers:\n" + string.Join("\n", violations));
    }
}
