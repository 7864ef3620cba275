namespace ContainerStages.Dockerfile;

/// <summary>A label whose value is given per build through the build argument <paramref name="Argument"/>.</summary>
internal sealed record BuildArgumentLabel(string Label, string Argument);
