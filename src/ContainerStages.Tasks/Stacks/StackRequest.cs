using ContainerStages.Dockerfile;
using ContainerStages.Inputs;

namespace ContainerStages.Stacks;

/// <summary>What a stack plans from: the project, the settings, the Dockerfile's file, and the checked image settings.</summary>
internal sealed record StackRequest
{
    public required ProjectDescription Project { get; init; }

    public required ContainerSettings Settings { get; init; }

    public required DockerfileChoice Dockerfile { get; init; }

    public required ImageSettings Image { get; init; }

    /// <summary>The RIDs and platforms of a multi-platform publish (two or more); empty for one platform.</summary>
    public IReadOnlyList<(string RuntimeIdentifier, string Platform)> Platforms { get; init; } = [];

    /// <summary>Other stacks' stages the plan may take in (a JavaScript front end built beside a .NET app).</summary>
    public IReadOnlyList<IStageContributor> Contributors { get; init; } = [];
}
