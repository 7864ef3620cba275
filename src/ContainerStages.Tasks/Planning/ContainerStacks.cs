using ContainerStages.Inputs;
using ContainerStages.Stacks;
using ContainerStages.Stacks.DotNet;
using ContainerStages.Stacks.Node;

namespace ContainerStages.Planning;

/// <summary>The stacks ContainerStages knows, asked in order; a new stack is one more line here.</summary>
internal static class ContainerStacks
{
    public static IReadOnlyList<IContainerStack> All { get; } = [new NodeStack(), new DotNetStack()];

    /// <summary>Stages one stack writes into another's Dockerfile.</summary>
    public static IReadOnlyList<IStageContributor> Contributors { get; } = [new SpaStageContributor()];

    public static IContainerStack For(ProjectDescription project) =>
        All.FirstOrDefault(stack => stack.Builds(project)) ?? throw new InvalidOperationException("Every project is built by some stack: .NET is the default.");

    /// <summary>The stack a saved plan names, then the others: a failure is read by the tools it most likely came from first.</summary>
    public static IReadOnlyList<IContainerStack> FirstNamed(string? name) =>
        [.. All.Where(s => s.Name == name), .. All.Where(s => s.Name != name)];
}
