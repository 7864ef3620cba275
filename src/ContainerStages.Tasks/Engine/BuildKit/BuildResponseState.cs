namespace ContainerStages.Engine.BuildKit;

/// <summary>What <see cref="BuildResponseReader"/> has learned from the non-progress messages so far.</summary>
internal sealed class BuildResponseState
{
    public string? ImageId { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>The stream ended inside a JSON object.</summary>
    public bool Truncated { get; set; }
}
