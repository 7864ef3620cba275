namespace ContainerStages.Stacks.DotNet;

/// <summary>Where the app's command goes, as the SDK's ContainerAppCommandInstruction says.</summary>
internal enum AppCommandInstruction
{
    /// <summary>ENTRYPOINT is the app command and its arguments; CMD holds ContainerDefaultArgs.</summary>
    Entrypoint,

    /// <summary>No ENTRYPOINT of ours (the base image's stays); CMD is the app command, its arguments and the default arguments.</summary>
    DefaultArgs,

    /// <summary>The base image's ENTRYPOINT stays; CMD holds ContainerDefaultArgs only.</summary>
    None,
}
