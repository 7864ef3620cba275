using ContainerStages.Resources;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// The default images, chosen by the rules of the SDK's container publish (ComputeDotnetBaseImageAndTag):
/// 'aspnet' for web projects, 'runtime' otherwise and 'runtime-deps' for apps that carry their own
/// runtime, from mcr.microsoft.com/dotnet at the target framework's version, with the tag suffixed
/// by ContainerFamily. The build stages get the SDK image that can build that app: the alpine SDK
/// for musl apps, and the AOT SDK (with the native toolchain) for Native AOT.
/// </summary>
internal static class BaseImageSelector
{
    private const string Registry = "mcr.microsoft.com/dotnet";

    // The .NET 8 images introduced the chiseled, -extra and -aot variants.
    private const int FirstVersionWithVariants = 8;

    // The Ubuntu release of the default .NET 10 images, whose chiseled and AOT variants are named after it.
    private const string DefaultDistribution = "noble";

    /// <param name="targetFrameworkVersion">MSBuild's TargetFrameworkVersion, for example <c>v10.0</c>.</param>
    /// <param name="selfContained">The app carries its own runtime: only the runtime's native dependencies are needed.</param>
    public static string RuntimeImage(string targetFrameworkVersion, bool isWebProject, bool selfContained = false) =>
        RuntimeImage(new BaseImageRequest { TargetFrameworkVersion = targetFrameworkVersion, IsWebProject = isWebProject, SelfContained = selfContained });

    public static string SdkImage(string targetFrameworkVersion) =>
        SdkImage(new BaseImageRequest { TargetFrameworkVersion = targetFrameworkVersion });

    public static string RuntimeImage(BaseImageRequest request)
    {
        string version = ImageVersion(request.TargetFrameworkVersion);
        bool hasVariants = MajorVersion(version) >= FirstVersionWithVariants;
        bool selfContained = request.SelfContained || request.PublishAot;
        string repository = selfContained ? "runtime-deps" : request.IsWebProject ? "aspnet" : "runtime";
        string tag = version;
        bool musl = IsMusl(request);
        if (Family(request) is { } family)
        {
            tag += "-" + family;

            // A chiseled image has no ICU: an app that needs globalization gets the -extra variant, which has it.
            if (!musl && family.EndsWith("-chiseled", StringComparison.OrdinalIgnoreCase) && !request.InvariantGlobalization && hasVariants)
            {
                tag += "-extra";
            }
        }
        else if (musl)
        {
            tag += "-alpine";
        }
        else if (hasVariants && (request.PublishAot || request.PublishTrimmed))
        {
            // As the SDK does: an AOT or trimmed app needs no shell or package manager, so it gets the chiseled image.
            tag += $"-{DefaultDistribution}-chiseled" + (request.InvariantGlobalization ? string.Empty : "-extra");
        }

        return $"{Registry}/{repository}:{tag}";
    }

    public static string SdkImage(BaseImageRequest request)
    {
        string version = ImageVersion(request.TargetFrameworkVersion);
        bool hasVariants = MajorVersion(version) >= FirstVersionWithVariants;
        string tag = version;
        if (IsMusl(request))
        {
            // A musl app is built on musl: Native AOT cannot cross-compile from glibc to musl.
            tag += request.PublishAot && hasVariants ? "-alpine-aot" : "-alpine";
        }
        else if (request.PublishAot && hasVariants)
        {
            // The plain SDK image has no C toolchain, which Native AOT links with.
            tag += $"-{DefaultDistribution}-aot";
        }

        return $"{Registry}/sdk:{tag}";
    }

    /// <summary>ContainerFamily alpine, or a linux-musl RID: the app is built and run on musl.</summary>
    public static bool IsMusl(BaseImageRequest request) =>
        (Family(request)?.StartsWith("alpine", StringComparison.OrdinalIgnoreCase) ?? false)
        || (request.RuntimeIdentifier?.StartsWith("linux-musl", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>The major.minor tag the .NET images use ('v8.0' and '8.0.1' both give '8.0').</summary>
    /// <remarks>
    /// .NET Core skipped version 4 so that it would not be confused with the .NET Framework: a v4.x
    /// TargetFrameworkVersion is a .NET Framework project, which has no image under dotnet/runtime.
    /// </remarks>
    internal static string ImageVersion(string targetFrameworkVersion)
    {
        string trimmed = targetFrameworkVersion.TrimStart('v', 'V');
        return Version.TryParse(trimmed, out var version) && version.Major != 4
            ? $"{version.Major}.{Math.Max(version.Minor, 0)}"
            : throw new ContainerStagesException(nameof(Strings.UnsupportedTargetFramework), targetFrameworkVersion);
    }

    private static int MajorVersion(string imageVersion) => int.Parse(imageVersion[..imageVersion.IndexOf('.')], System.Globalization.CultureInfo.InvariantCulture);

    private static string? Family(BaseImageRequest request) =>
        string.IsNullOrWhiteSpace(request.Family) ? null : request.Family.Trim();
}
