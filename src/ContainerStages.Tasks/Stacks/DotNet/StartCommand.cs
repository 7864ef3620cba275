namespace ContainerStages.Stacks.DotNet;

/// <summary>The runtime image's ENTRYPOINT and CMD; null leaves the base image's value in place.</summary>
internal sealed record StartCommand(IReadOnlyList<string>? Entrypoint, IReadOnlyList<string>? Cmd);
