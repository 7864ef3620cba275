namespace ContainerStages.Dockerfile;

internal sealed record ContainerPort(int Number, string Protocol)
{
    public override string ToString() => $"{Number}/{Protocol}";
}
