using ContainerStages.Dockerfile;

namespace ContainerStages.Stacks;

/// <summary>What the shared checks need to know of an app before its stack plans it.</summary>
internal sealed record StackIdentity
{
    /// <summary>The name the default repository comes from (the assembly name, a package's name).</summary>
    public required string Name { get; init; }

    /// <summary>The version the default tag comes from.</summary>
    public required string Version { get; init; }

    /// <summary>The generated labels' version, title and description, with the stack's defaults applied.</summary>
    public string? LabelVersion { get; init; }

    public string? LabelTitle { get; init; }

    public string? LabelDescription { get; init; }

    /// <summary>The ports exposed when no ContainerPort item is set (a web app's 8080).</summary>
    public IReadOnlyList<ContainerPort> DefaultPorts { get; init; } = [];

    /// <summary>Set when the project gets no image in this build: (message resource, arguments).</summary>
    public (string Resource, object?[] Arguments)? PassedOver { get; init; }
}
