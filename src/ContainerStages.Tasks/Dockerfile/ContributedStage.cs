namespace ContainerStages.Dockerfile;

/// <summary>A stage one stack writes into another's Dockerfile, and the files its output brings.</summary>
/// <param name="Name">The stage's name (<c>spa</c>).</param>
/// <param name="Description">What the stage holds, for the Dockerfile's header.</param>
/// <param name="Text">Its lines, from FROM to the last step, each ending with a new line.</param>
/// <param name="OutputDirectory">The folder in the stage that holds what it made.</param>
/// <param name="InputFiles">Files (relative to the context) whose change must regenerate the Dockerfile.</param>
internal sealed record ContributedStage(string Name, string Description, string Text, string OutputDirectory, IReadOnlyList<string> InputFiles);
