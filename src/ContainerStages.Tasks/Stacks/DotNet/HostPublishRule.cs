using ContainerStages.Dockerfile;
using ContainerStages.Inputs;
using ContainerStages.Naming;
using ContainerStages.Resources;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// Decides whether the files of the host's <c>dotnet publish</c> can go into the image as they are.
/// Framework-dependent output without a RID is portable: the image builds it the same way, and it runs
/// on every platform. RID-specific output (self-contained, single-file, trimmed, ReadyToRun, AOT, or
/// any -r) fits only the image's own Linux RID, which the engine's platform settles at build time.
/// </summary>
internal static class HostPublishRule
{
    public static HostPublishPlan Decide(ProjectDescription project, string? imageRuntimeIdentifier)
    {
        // The image starts 'dotnet App.dll'; an apphost in the folder (a stale one, or one UseAppHost=true
        // forced) would be dead weight, and on Windows or macOS a file of the wrong system.
        string? apphost = project.StartsFromAppHost || project.IsBlazorWebAssembly ? null : project.AssemblyName + (OperatingSystem.IsWindows() ? ".exe" : string.Empty);
        string? hostRid = SettingValue.NonEmpty(project.RuntimeIdentifier);

        // WebAssembly runs in the browser: its published wwwroot is the same static site for every image.
        if (hostRid is null || project.IsBlazorWebAssembly)
        {
            return new HostPublishPlan { Usable = true, ExcludedFile = apphost };
        }

        if (!hostRid.StartsWith("linux-", StringComparison.OrdinalIgnoreCase))
        {
            return HostPublishPlan.NotUsable(nameof(Strings.HostPublishForOtherSystem), hostRid);
        }

        if (imageRuntimeIdentifier is not null && !string.Equals(imageRuntimeIdentifier, hostRid, StringComparison.OrdinalIgnoreCase))
        {
            return HostPublishPlan.NotUsable(nameof(Strings.HostPublishForOtherRid), hostRid, imageRuntimeIdentifier);
        }

        return ImagePlatform.FromRuntimeIdentifier(hostRid) is { } platform
            ? new HostPublishPlan { Usable = true, Platform = platform, ExcludedFile = apphost }
            : HostPublishPlan.NotUsable(nameof(Strings.HostPublishForOtherSystem), hostRid);
    }
}
