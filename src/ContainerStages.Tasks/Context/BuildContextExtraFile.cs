namespace ContainerStages.Context;

/// <summary>
/// A file added to the context tar that is not in the context directory, such as a Dockerfile kept
/// outside it: the builder only reads the Dockerfile from the context.
/// </summary>
/// <param name="EntryName">Its name at the root of the context: one path segment, no "/".</param>
/// <param name="Content">Its bytes. Sent with mode 0644 and a fixed time so the tar stays reproducible.</param>
public sealed record BuildContextExtraFile(string EntryName, byte[] Content);
