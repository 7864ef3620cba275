namespace ContainerStages.Tests.Architecture;

/// <summary>The check itself: it finds a cycle, an import that goes up, a folder without a layer, and stacks that use each other.</summary>
[TestClass]
public sealed class FolderImportGraphTests
{
    private static readonly Dictionary<string, int> Layers = new()
    {
        ["Tasks"] = 3,
        ["Pipeline"] = 2,
        ["Stacks"] = 1,
        ["Stacks."] = 1,
        ["Dockerfile"] = 1,
        ["Engine"] = 0,
    };

    private static FolderImportGraph Graph(params (string From, string To)[] edges) =>
        new(edges.ToDictionary(e => e, e => $"{e.From} uses {e.To}"));

    [TestMethod]
    public void Clean_graph_has_no_cycle_and_no_violation()
    {
        var graph = Graph(("Tasks", "Pipeline"), ("Pipeline", "Stacks.DotNet"), ("Stacks.DotNet", "Stacks"), ("Stacks.DotNet", "Dockerfile"), ("Pipeline", "Engine"));

        Assert.IsEmpty(graph.Cycles());
        Assert.IsEmpty(graph.Violations(Layers, ["Stacks.DotNet", "Stacks.Node"]));
    }

    [TestMethod]
    public void Introduced_cycle_is_found_with_every_folder_in_it()
    {
        var graph = Graph(("Tasks", "Pipeline"), ("Pipeline", "Dockerfile"), ("Dockerfile", "Stacks"), ("Stacks", "Pipeline"), ("Pipeline", "Engine"));

        var cycle = graph.Cycles().Single();

        CollectionAssert.AreEqual(new[] { "Dockerfile", "Pipeline", "Stacks" }, cycle.ToArray());
    }

    [TestMethod]
    public void Two_folders_of_one_layer_importing_each_other_are_a_cycle()
    {
        Assert.HasCount(1, Graph(("Dockerfile", "Stacks"), ("Stacks", "Dockerfile")).Cycles());
    }

    [TestMethod]
    public void Import_from_a_lower_layer_up_is_a_violation_naming_the_use()
    {
        var violations = Graph(("Engine", "Dockerfile")).Violations(Layers);

        StringAssert.Contains(violations.Single(), "Engine (layer 0) -> Dockerfile (layer 1) goes up (Engine uses Dockerfile)");
    }

    [TestMethod]
    public void Folder_without_a_layer_is_a_violation()
    {
        StringAssert.Contains(Graph(("Tasks", "Scratch")).Violations(Layers).Single(), "Scratch has no layer");
    }

    [TestMethod]
    public void Stacks_using_each_other_are_a_violation_even_on_one_layer()
    {
        var violations = Graph(("Stacks.Node", "Stacks.DotNet")).Violations(Layers, ["Stacks.DotNet", "Stacks.Node"]);

        StringAssert.Contains(violations.Single(), "these stay apart");
    }

    [TestMethod]
    public void Reader_finds_uses_in_signatures_and_in_method_bodies()
    {
        var edges = NamespaceDependencyReader.Read(typeof(ContainerStagesException).Assembly, "ContainerStages");

        // A field's type (ImageBuilder's IContainerEngine) and a call in a method body only (the
        // generation task calling the planner).
        Assert.IsTrue(edges.ContainsKey(("Pipeline", "Engine")), string.Join('\n', edges.Keys));
        Assert.IsTrue(edges.ContainsKey(("Tasks", "Planning")), string.Join('\n', edges.Keys));
        Assert.IsFalse(edges.Keys.Any(e => e.From == e.To));
    }
}
