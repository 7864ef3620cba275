namespace ContainerStages.Stacks.Node;

/// <summary>One failed test of a Node.js runner: its name as the runner prints it, and the assertion's message lines.</summary>
internal sealed record NodeTestFailure(string Name, IReadOnlyList<string> Message);
