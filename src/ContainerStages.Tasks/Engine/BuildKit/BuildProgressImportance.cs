namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// How prominent a progress line should be. Mirrors MSBuild's MessageImportance without
/// depending on MSBuild, so this folder stays testable on its own.
/// </summary>
public enum BuildProgressImportance
{
    High,
    Normal,
    Low,
}
