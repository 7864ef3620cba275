namespace ContainerStages.Dockerfile;

/// <summary>
/// The default images, chosen as the SDK's container publish chooses its base: 'aspnet' for web
/// projects, 'runtime' otherwise, from mcr.microsoft.com/dotnet at the target framework's version.
/// </summary>
internal static class BaseImageSelector
{
    private const string Registry = "mcr.microsoft.com/dotnet";

    /// <param name="targetFrameworkVersion">MSBuild's TargetFrameworkVersion, for example <c>v10.0</c>.</param>
    /// <param name="selfContained">The app carries its own runtime: only the runtime's native dependencies are needed.</param>
    public static string RuntimeImage(string targetFrameworkVersion, bool isWebProject, bool selfContained = false) =>
        $"{Registry}/{(selfContained ? "runtime-deps" : isWebProject ? "aspnet" : "runtime")}:{ImageVersion(targetFrameworkVersion)}";

    public static string SdkImage(string targetFrameworkVersion) =>
        $"{Registry}/sdk:{ImageVersion(targetFrameworkVersion)}";

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
            : throw new ContainerStagesException("UnsupportedTargetFramework", targetFrameworkVersion);
    }
}
