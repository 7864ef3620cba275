namespace ContainerStages.Stacks.Node;

/// <summary>
/// The JavaScript front end of an ASP.NET Core app (ContainerStagesSpaRoot): built by a Node.js stage
/// beside the .NET build, its output copied into the app's static web root.
/// </summary>
internal sealed record SpaSpec
{
    /// <summary>The folder of the front end's package.json, relative to the context ('src/App/ClientApp').</summary>
    public required string Directory { get; init; }

    public required string Image { get; init; }

    public required NodePackageManagerCommands Commands { get; init; }

    /// <summary>package.json, the lock file and install settings, relative to <see cref="Directory"/>.</summary>
    public required IReadOnlyList<string> InstallInputs { get; init; }

    /// <summary>The front end's own prepare scripts, left out of its install (<see cref="NodePackageManagerCommands.InstallStep"/>).</summary>
    public IReadOnlyList<string> AppPrepareScripts { get; init; } = [];

    /// <summary>The folder the build script writes, relative to <see cref="Directory"/> ('dist').</summary>
    public required string OutputPath { get; init; }
}
