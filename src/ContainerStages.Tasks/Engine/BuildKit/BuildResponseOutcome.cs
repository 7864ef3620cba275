namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// The result of reading a <c>POST /build</c> response. The engine answers HTTP 200 even for failed
/// builds, so success is decided here: an image id was reported and no error line was seen.
/// </summary>
/// <remarks>
/// A failure has three shapes: <see cref="FailedStep"/> set (a step such as
/// <c>[build 3/4] RUN dotnet build</c> failed; <see cref="ErrorMessage"/> is the engine's error line too);
/// only <see cref="ErrorMessage"/> set (no step failed, e.g. a Dockerfile syntax error or an unknown
/// target stage); or neither (the response ended without an image id and without an error, e.g. the
/// connection dropped; <see cref="EndedInsideMessage"/> tells whether it ended mid-message).
/// </remarks>
public sealed record BuildResponseOutcome(
    string? ImageId,
    string? ErrorMessage,
    BuildStepFailure? FailedStep,
    BuildProgressSummary Summary)
{
    public bool Succeeded => ImageId is not null && ErrorMessage is null;

    /// <summary>The response stopped in the middle of a JSON object: the connection was cut.</summary>
    public bool EndedInsideMessage { get; init; }
}
