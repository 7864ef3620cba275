namespace ContainerStages.Dockerfile;

/// <summary>The image's settings that every stack writes the same way, already checked: EXPOSE, ENV and LABEL.</summary>
internal sealed record ImageSettings
{
    public IReadOnlyList<ContainerPort> Ports { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentVariables { get; init; } = [];

    /// <summary>The user's labels and the generated ones written in the Dockerfile.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>Labels whose values are build arguments (creation time, commit), written after the last layer.</summary>
    public IReadOnlyList<BuildArgumentLabel> BuildArgumentLabels { get; init; } = [];
}
