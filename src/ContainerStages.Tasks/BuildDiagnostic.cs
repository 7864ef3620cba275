namespace ContainerStages;

/// <summary>
/// An MSBuild-format error or warning printed inside the container (by the compiler, NuGet or
/// MSBuild itself), with its file mapped back to the user's machine where it lies in the context.
/// </summary>
internal sealed record BuildDiagnostic(
    bool IsError,
    string Code,
    string Message,
    string? File,
    int Line,
    int Column);
