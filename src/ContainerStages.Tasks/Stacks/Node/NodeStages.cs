namespace ContainerStages.Stacks.Node;

/// <summary>The stage names of a generated Node.js Dockerfile, in build order.</summary>
internal static class NodeStages
{
    public const string Deps = "deps";
    public const string Sources = "sources";
    public const string Build = "build";
    public const string Test = "test";
    public const string ProdDeps = "prod-deps";
    public const string Runtime = "runtime";

    /// <summary>The JavaScript front end a .NET app's Dockerfile builds (ContainerStagesSpaRoot).</summary>
    public const string Spa = "spa";

    public static IReadOnlyList<string> For(NodeDockerfileSpec spec)
    {
        var stages = new List<string>();
        if (spec.HasBuildStage || spec.RunTests)
        {
            stages.Add(Deps);
        }

        stages.Add(Sources);
        if (spec.HasBuildStage)
        {
            stages.Add(Build);
        }

        if (spec.RunTests)
        {
            stages.Add(Test);
        }

        stages.Add(ProdDeps);
        stages.Add(Runtime);
        return stages;
    }
}
