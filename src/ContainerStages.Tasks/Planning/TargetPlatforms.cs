using ContainerStages.Inputs;
using ContainerStages.Naming;
using ContainerStages.Resources;
using static ContainerStages.Inputs.SettingValue;

namespace ContainerStages.Planning;

/// <summary>
/// The platforms a publish builds, as the SDK's container publish reads them: ContainerRuntimeIdentifiers,
/// else (with no single RID chosen) the project's Linux RuntimeIdentifiers; one RID is one platform
/// (and the app's RID), several are one image per platform under one index.
/// </summary>
internal static class TargetPlatforms
{
    /// <returns>The RIDs and their platforms, in the order given, each once; empty when none was asked for.</returns>
    public static IReadOnlyList<(string RuntimeIdentifier, string Platform)> Resolve(ProjectDescription project, ContainerSettings settings)
    {
        var explicitRids = settings.RuntimeIdentifiers.Select(r => r.Trim()).Where(r => r.Length > 0).ToList();
        var rids = explicitRids;
        if (rids.Count == 0 && NonEmpty(project.RuntimeIdentifier) is null && NonEmpty(settings.RuntimeIdentifier) is null)
        {
            // A project lists RIDs for all its publishes (win-x64 too): only the Linux ones are images.
            rids = project.RuntimeIdentifiers.Select(r => r.Trim()).Where(r => ImagePlatform.FromRuntimeIdentifier(r) is not null).ToList();
        }

        var platforms = new List<(string, string)>();
        foreach (string rid in rids.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            string platform = ImagePlatform.FromRuntimeIdentifier(rid)
                ?? throw new ContainerStagesException(nameof(Strings.RuntimeIdentifierHasNoPlatform), rid);
            platforms.Add((rid, platform));
        }

        if (platforms.Count > 1)
        {
            if (platforms.Select(p => ImagePlatform.IsMuslRuntimeIdentifier(p.Item1)).Distinct().Count() > 1)
            {
                throw new ContainerStagesException(nameof(Strings.MixedLibcRuntimeIdentifiers), string.Join(", ", platforms.Select(p => p.Item1)));
            }

            if (NonEmpty(settings.Platform) is { } platform)
            {
                throw new ContainerStagesException(nameof(Strings.PlatformWithSeveralRuntimeIdentifiers), platform, string.Join(", ", platforms.Select(p => p.Item1)));
            }
        }

        return platforms;
    }
}
