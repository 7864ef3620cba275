using ContainerStages.Dockerfile;
using ContainerStages.Inputs;

namespace ContainerStages.Stacks;

/// <summary>A stack that writes a stage into another stack's Dockerfile (a front end built beside a .NET app).</summary>
internal interface IStageContributor
{
    /// <summary>The stage for these settings, or null when they ask for none.</summary>
    /// <param name="contextDirectory">The build context, which the stage's paths are relative to.</param>
    ContributedStage? Contribute(ContainerSettings settings, string contextDirectory);
}
