namespace ContainerStages.Stacks.DotNet;

/// <summary>A test that failed inside the build, and the lines of its assertion message (empty when none was found).</summary>
internal sealed record FailedTest(string Name, IReadOnlyList<string> Message);
