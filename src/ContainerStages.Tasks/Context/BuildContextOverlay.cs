namespace ContainerStages.Context;

/// <summary>
/// A folder from outside the context directory, sent in the context under a path of its own: the
/// host's publish output, which must not depend on what the .dockerignore (written for people who run
/// docker build themselves) lets through.
/// </summary>
/// <param name="TarDirectory">Where it goes in the context, with '/' (for example <c>.containerstages/publish</c>); the context's own entries under its first segment are left out.</param>
/// <param name="SourceDirectory">The folder on disk; everything in it is sent.</param>
/// <param name="FileTime">The time every entry gets (whole seconds), so the same files give the same layer; null keeps their own.</param>
/// <param name="ExcludedNames">Names of entries at the top of <paramref name="SourceDirectory"/> that are not sent.</param>
public sealed record BuildContextOverlay(string TarDirectory, string SourceDirectory, DateTimeOffset? FileTime, IReadOnlyList<string> ExcludedNames);
