using ContainerStages.Dockerfile;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// Everything the generated Dockerfile depends on, already resolved and validated. Paths are relative
/// to the build context and use '/', so the same project gives the same text on every machine.
/// </summary>
internal sealed record DotNetDockerfileSpec
{
    /// <summary>The project file, relative to the context (for example <c>src/App/App.csproj</c>).</summary>
    public required string ProjectPath { get; init; }

    /// <summary>The file the runtime stage starts with <c>dotnet</c> (for example <c>App.dll</c>).</summary>
    public required string EntryAssemblyFileName { get; init; }

    /// <summary>
    /// The native launcher of a self-contained or single-file app (for example <c>App</c>), which the
    /// image starts directly; null starts <see cref="EntryAssemblyFileName"/> with <c>dotnet</c>.
    /// </summary>
    public string? AppHostFileName { get; init; }

    public required string SdkImage { get; init; }

    public required string BaseImage { get; init; }

    public required string Configuration { get; init; }

    /// <summary>Set only for a multi-targeted project, where build and publish must be told which one.</summary>
    public string? TargetFramework { get; init; }

    /// <summary>
    /// A linux RID to build for (ContainerRuntimeIdentifier, or the project's linux RuntimeIdentifier);
    /// null builds for the image's platform with BuildKit's TARGETARCH.
    /// </summary>
    public string? RuntimeIdentifier { get; init; }

    /// <summary>
    /// The operating system part of the RID when no RID was chosen (for example <c>linux-musl</c> for
    /// alpine); null leaves it to the SDK image, whose own RID's system it is.
    /// </summary>
    public string? TargetOs { get; init; }

    /// <summary>
    /// Properties that change what restore and publish produce (for example <c>SelfContained=true</c>),
    /// passed to every dotnet command of the app so the container builds the shape the host chose.
    /// </summary>
    public IReadOnlyList<string> DeploymentProperties { get; init; } = [];

    /// <summary>
    /// The app is built for one platform (self-contained, single-file, trimmed, ReadyToRun, AOT, or a
    /// RID the user chose); a framework-dependent app is built portable and runs on every platform.
    /// </summary>
    public bool IsRuntimeSpecific => RuntimeIdentifier is not null || AppHostFileName is not null || DeploymentProperties.Count > 0;

    /// <summary>Test projects the 'test' stage runs, relative to the context; empty means no test stage.</summary>
    public IReadOnlyList<string> TestProjects { get; init; } = [];

    /// <summary>
    /// global.json chose Microsoft.Testing.Platform for <c>dotnet test</c> (<c>"test": { "runner": ... }</c>),
    /// whose command line differs from VSTest's.
    /// </summary>
    public bool TestsOnTestingPlatform { get; init; }

    /// <summary>
    /// Build with one MSBuild node (<c>-m:1</c>): the projects form one chain of references, so a
    /// second node could build nothing in parallel and would only be one more cold process.
    /// </summary>
    public bool SingleBuildNode { get; init; }

    /// <summary>
    /// The build compiles one project (no project references, no tests): the compiler runs in the build's
    /// own process, since a compiler server started in a one-off container would serve that one compile
    /// and die with it.
    /// </summary>
    public bool CompilesOneProject { get; init; }

    /// <summary>
    /// Files of the context that only describe the build (this Dockerfile, its ignore files), relative to
    /// the context: the sources stage removes them, so a change to them rebuilds nothing of the app.
    /// </summary>
    public IReadOnlyList<string> BuildDescriptionFiles { get; init; } = [];

    /// <summary>Files that restore reads (project files, Directory.*.props, NuGet.config, ...), relative to the context.</summary>
    public required IReadOnlyList<string> RestoreInputFiles { get; init; }

    /// <summary>Local package feeds inside the context (folders), relative to the context.</summary>
    public IReadOnlyList<string> LocalPackageFeeds { get; init; } = [];

    /// <summary>Package sources whose credentials the restore step gets as a BuildKit secret; empty mounts none.</summary>
    public IReadOnlyList<string> NuGetCredentialSources { get; init; } = [];

    public required string WorkingDirectory { get; init; }

    /// <summary>Null means the base image's non-root user (APP_UID).</summary>
    public string? User { get; init; }

    /// <summary>EXPOSE, ENV and LABEL of the runtime stage, and the labels each build gives.</summary>
    public ImageSettings Image { get; init; } = new();

    /// <summary>ContainerOsPackage items, sorted and without duplicates, installed in the runtime stage.</summary>
    public IReadOnlyList<string> OsPackages { get; init; } = [];

    /// <summary>How <see cref="OsPackages"/> are installed, chosen from the base image's name.</summary>
    public OsPackageManager OsPackageManager { get; init; } = OsPackageManager.Detect;

    /// <summary>Absolute directories the app user owns (ContainerStagesWritablePath items); everything else stays root's.</summary>
    public IReadOnlyList<string> WritablePaths { get; init; } = [];

    public HealthCheck? HealthCheck { get; init; }

    /// <summary>ContainerAppCommand items; empty starts the app (its apphost, or dotnet and its dll).</summary>
    public IReadOnlyList<string> AppCommand { get; init; } = [];

    /// <summary>ContainerAppCommandArgs items: always passed after the app command.</summary>
    public IReadOnlyList<string> AppCommandArgs { get; init; } = [];

    /// <summary>ContainerDefaultArgs items: CMD, which 'docker run image args' replaces.</summary>
    public IReadOnlyList<string> DefaultArgs { get; init; } = [];

    public AppCommandInstruction AppCommandInstruction { get; init; } = AppCommandInstruction.Entrypoint;

    /// <summary>
    /// A standalone Blazor WebAssembly app: its published wwwroot is served by a web server image
    /// (<see cref="BaseImage"/>), and its build has no RID of the image's (the SDK builds it for browser-wasm).
    /// </summary>
    public bool StaticSite { get; init; }

    /// <summary>Stages other stacks write (a JavaScript front end), whose output the runtime stage copies into wwwroot.</summary>
    public IReadOnlyList<ContributedStage> ContributedStages { get; init; } = [];
}
