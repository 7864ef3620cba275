using ContainerStages.Dockerfile;
using ContainerStages.Inputs;

namespace ContainerStages.Stacks.Node;

/// <summary>The JavaScript front end of an ASP.NET Core app (ContainerStagesSpaRoot), built in a stage of the app's Dockerfile.</summary>
internal sealed class SpaStageContributor : IStageContributor
{
    public ContributedStage? Contribute(ContainerSettings settings, string contextDirectory) =>
        SpaPlanner.Plan(settings, contextDirectory) is { } spa
            ? new ContributedStage(NodeStages.Spa, "the JavaScript front end, built", NodeDockerfileWriter.WriteSpaStage(spa.Spec), NodeDockerfileWriter.SpaOutputDirectory, spa.InputFiles)
            : null;
}
