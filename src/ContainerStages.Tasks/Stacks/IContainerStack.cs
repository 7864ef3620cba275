using ContainerStages.Engine.BuildKit;
using ContainerStages.Inputs;

namespace ContainerStages.Stacks;

/// <summary>
/// One kind of app ContainerStages puts in an image (.NET, Node.js): it says what the app is, plans and
/// writes its stages, and reads its own tools' failures. The settings every stack shares (names, tags,
/// ports, labels, the target, the cache) are checked once, before and after <see cref="Plan"/>.
/// Registered in Planning's ContainerStacks.
/// </summary>
internal interface IContainerStack
{
    /// <summary>The stack's name in a saved plan, so the build finds it again ("dotnet", "node").</summary>
    string Name { get; }

    /// <summary>Whether the project is an app of this stack.</summary>
    bool Builds(ProjectDescription project);

    /// <summary>The app's name, version and defaults, which the shared checks need; or why it gets no image.</summary>
    StackIdentity Describe(ProjectDescription project, ContainerSettings settings);

    /// <summary>The stack's stages, images and context, for settings the shared checks already made valid.</summary>
    StackPlan Plan(StackRequest request);

    /// <summary>The coded error of a failed step that the stack reads better than its last lines (failed tests), or null.</summary>
    ContainerStagesException? ExplainFailure(FailedStepContext failure);

    /// <summary>The errors and warnings of the stack's tools in a failed step, with their files mapped back to this machine.</summary>
    IReadOnlyList<BuildDiagnostic> Diagnostics(FailedStepContext failure);
}
