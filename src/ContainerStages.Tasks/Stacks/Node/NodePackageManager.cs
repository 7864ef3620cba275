namespace ContainerStages.Stacks.Node;

/// <summary>The package managers whose lock files ContainerStages recognises.</summary>
internal enum NodePackageManager
{
    Npm,
    Pnpm,
    Yarn,
    YarnBerry,
}
