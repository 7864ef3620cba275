namespace ContainerStages.ProjectModel;

/// <summary>The build context and what the restore layer copies from it; paths relative to the context, with '/'.</summary>
internal sealed record RestoreInputs(
    string ContextDirectory,
    IReadOnlyList<string> Files,
    IReadOnlyList<string> LocalPackageFeeds);
