namespace ContainerStages.Secrets;

/// <summary>A ContainerStagesSecret item: the id a RUN --mount=type=secret names, and where its value is (one of a file or a variable).</summary>
internal sealed record SecretSource(string Id, string? File, string? EnvironmentVariable);
