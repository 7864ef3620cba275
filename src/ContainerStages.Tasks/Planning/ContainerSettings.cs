namespace ContainerStages.Planning;

/// <summary>The user's container properties and items, as set (unset ones are null or empty).</summary>
internal sealed record ContainerSettings
{
    public required string DockerfilePath { get; init; }

    public required string Target { get; init; }

    public string? ContextDirectory { get; init; }

    public string? BaseImage { get; init; }

    public string? SdkImage { get; init; }

    public string? Repository { get; init; }

    public string? ImageTag { get; init; }

    public string? ImageTags { get; init; }

    public string? User { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>ContainerPort items: the port (Include) and its optional Type metadata.</summary>
    public IReadOnlyList<(string Port, string? Type)> Ports { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentVariables { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];
}
