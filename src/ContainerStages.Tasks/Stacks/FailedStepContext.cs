using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Stacks;

/// <summary>A failed build step and where it was written, for the stack to read.</summary>
/// <param name="Step">The step, its error and its last output lines.</param>
/// <param name="DockerfileText">The Dockerfile as built; null when it cannot be read.</param>
/// <param name="DockerfilePath">The Dockerfile's path on this machine.</param>
/// <param name="ContextDirectory">The build context on this machine, for mapping the container's paths back.</param>
/// <param name="Line">The step's line in the Dockerfile; 0 when unknown.</param>
internal sealed record FailedStepContext(BuildStepFailure Step, string? DockerfileText, string DockerfilePath, string ContextDirectory, int Line);
