namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// ENTRYPOINT and CMD from the app command items, with the SDK container publish's meaning of
/// ContainerAppCommand, ContainerAppCommandArgs, ContainerDefaultArgs and ContainerAppCommandInstruction,
/// so a project moves between the two without changing how its image starts.
/// </summary>
internal static class StartCommandResolver
{
    public static StartCommand Resolve(DotNetDockerfileSpec spec)
    {
        var appCommand = spec.AppCommand.Count > 0 ? spec.AppCommand : DefaultAppCommand(spec);
        IReadOnlyList<string>? defaultArgs = spec.DefaultArgs.Count > 0 ? spec.DefaultArgs : null;
        return spec.AppCommandInstruction switch
        {
            AppCommandInstruction.DefaultArgs => new StartCommand(null, [.. appCommand, .. spec.AppCommandArgs, .. spec.DefaultArgs]),
            AppCommandInstruction.None => new StartCommand(null, defaultArgs),
            _ => new StartCommand([.. appCommand, .. spec.AppCommandArgs], defaultArgs),
        };
    }

    // The apphost by its absolute path (a relative exec path would be looked up on PATH); the dll
    // relative to WORKDIR, which keeps the line short and equal to what 'dotnet' resolves.
    private static IReadOnlyList<string> DefaultAppCommand(DotNetDockerfileSpec spec) =>
        spec.AppHostFileName is { } appHost
            ? [spec.WorkingDirectory.TrimEnd('/') + "/" + appHost]
            : ["dotnet", spec.EntryAssemblyFileName];
}
