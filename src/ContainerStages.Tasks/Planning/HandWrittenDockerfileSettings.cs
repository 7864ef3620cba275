using ContainerStages.Inputs;

namespace ContainerStages.Planning;

/// <summary>
/// The settings that only shape a generated Dockerfile: a Dockerfile of the user's is built as it
/// is, so each of these set beside one would change nothing, which is worth a warning rather than
/// silence. The image name, tags, build arguments, platform, cache and target still apply.
/// </summary>
internal static class HandWrittenDockerfileSettings
{
    /// <returns>The names (MSBuild properties and items) of the settings that are set, in a fixed order.</returns>
    public static IReadOnlyList<string> Ignored(ContainerSettings settings)
    {
        var set = new List<string>();
        Add(set, "ContainerBaseImage", Has(settings.BaseImage));
        Add(set, "ContainerStagesSdkImage", Has(settings.SdkImage));
        Add(set, "ContainerFamily", Has(settings.Family));
        Add(set, "ContainerRuntimeIdentifier", Has(settings.RuntimeIdentifier));
        Add(set, "ContainerUser", Has(settings.User));
        Add(set, "ContainerWorkingDirectory", Has(settings.WorkingDirectory));
        Add(set, "ContainerPort", settings.Ports.Count > 0);
        Add(set, "ContainerEnvironmentVariable", settings.EnvironmentVariables.Count > 0);
        Add(set, "ContainerLabel", settings.Labels.Count > 0);
        Add(set, "ContainerOsPackage", settings.OsPackages.Count > 0);
        Add(set, "ContainerStagesWritablePath", settings.WritablePaths.Count > 0);
        Add(set, "ContainerStagesHealthCheck", Has(settings.HealthCheck) || Has(settings.HealthCheckInterval) || Has(settings.HealthCheckTimeout)
            || Has(settings.HealthCheckStartPeriod) || Has(settings.HealthCheckRetries));
        Add(set, "ContainerAppCommand", settings.AppCommand.Count > 0);
        Add(set, "ContainerAppCommandArgs", settings.AppCommandArgs.Count > 0);
        Add(set, "ContainerDefaultArgs", settings.DefaultArgs.Count > 0);
        Add(set, "ContainerAppCommandInstruction", Has(settings.AppCommandInstruction));
        Add(set, "ContainerStagesTest", settings.RunTests);
        Add(set, "ContainerStagesNodeOutput", settings.NodeOutputPaths.Count > 0);
        return set;
    }

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);

    private static void Add(List<string> names, string name, bool isSet)
    {
        if (isSet)
        {
            names.Add(name);
        }
    }
}
