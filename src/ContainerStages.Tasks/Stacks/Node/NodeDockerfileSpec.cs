using ContainerStages.Dockerfile;

namespace ContainerStages.Stacks.Node;

/// <summary>
/// Everything a Node.js app's Dockerfile depends on, resolved and validated. Paths are relative to
/// the build context and use '/'.
/// </summary>
internal sealed record NodeDockerfileSpec
{
    /// <summary>The folder of package.json relative to the context: empty at its root, else 'web/api'.</summary>
    public string AppDirectory { get; init; } = string.Empty;

    /// <summary>
    /// The folder whose package.json and lock file the install reads, relative to the context: the
    /// app's folder, or the root of the workspace it is a member of.
    /// </summary>
    public string? InstallDirectory { get; init; }

    /// <summary>The app's folder relative to its workspace's root ('apps/api'); empty outside a workspace.</summary>
    public string WorkspaceMember { get; init; } = string.Empty;

    public bool InWorkspace => WorkspaceMember.Length > 0;

    /// <summary>The folder the sources stage copies: the workspace's root, else the app's folder.</summary>
    public string SourceDirectory => InWorkspace ? InstallDirectory ?? string.Empty : AppDirectory;

    /// <summary>The MSBuild project file the Dockerfile is generated from (for the header).</summary>
    public required string ProjectFileName { get; init; }

    public required string BuildImage { get; init; }

    public required string BaseImage { get; init; }

    public required NodePackageManagerCommands Commands { get; init; }

    /// <summary>
    /// package.json, the lock file and install settings, relative to <see cref="InstallDirectory"/>; in
    /// a workspace also every member's package.json ('apps/api/package.json').
    /// </summary>
    public required IReadOnlyList<string> InstallInputs { get; init; }

    /// <summary>The app's own prepare scripts ('prepare' ...) that the install stages leave out; see <see cref="NodePackageManagerCommands.InstallStep"/>.</summary>
    public IReadOnlyList<string> AppPrepareScripts { get; init; } = [];

    /// <summary>
    /// Files in the app's folder that only describe its build (the Dockerfile, the .dockerignore, the
    /// MSBuild project), relative to it: in the context, since the engine reads them from there, but
    /// taken out of the sources the app is built from.
    /// </summary>
    public IReadOnlyList<string> BuildDescriptionFiles { get; init; } = [];

    /// <summary>The package.json script that builds the app; null for a plain JavaScript app (no build stage).</summary>
    public string? BuildScript { get; init; }

    /// <summary>Whether the 'test' stage runs the test script and the image waits for it.</summary>
    public bool RunTests { get; init; }

    /// <summary>What the build produces that the app runs, relative to the app folder (for example 'dist').</summary>
    public IReadOnlyList<string> OutputPaths { get; init; } = [];

    /// <summary>The exec-form start command, for example node dist/server.js.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>A runtime with no shell and its own node binary and user (distroless).</summary>
    public bool Distroless { get; init; }

    public required string WorkingDirectory { get; init; }

    /// <summary>Null means the base image's non-root user ('node', or 'nonroot' on distroless).</summary>
    public string? User { get; init; }

    /// <summary>EXPOSE, ENV and LABEL of the runtime stage, and the labels each build gives.</summary>
    public ImageSettings Image { get; init; } = new();

    public bool HasBuildStage => BuildScript is not null;

    /// <summary>The install steps mount the registries' credentials (the secret npm-credentials).</summary>
    public bool NpmCredentials { get; init; }
}
