namespace ContainerStages.Inputs;

/// <summary>What MSBuild knows about the project being containerized.</summary>
internal sealed record ProjectDescription
{
    public required string ProjectPath { get; init; }

    public string ProjectDirectory => Path.GetDirectoryName(Path.GetFullPath(ProjectPath))!;

    public required string AssetsFilePath { get; init; }

    public required string AssemblyName { get; init; }

    /// <summary>The built file, for example <c>App.dll</c>.</summary>
    public required string TargetFileName { get; init; }

    /// <summary>For example <c>v10.0</c>.</summary>
    public required string TargetFrameworkVersion { get; init; }

    public string? TargetFramework { get; init; }

    /// <summary>Set when the project multi-targets; then <see cref="TargetFramework"/> must be chosen.</summary>
    public string? TargetFrameworks { get; init; }

    public string OutputType { get; init; } = "Exe";

    public bool IsTestProject { get; init; }

    public bool IsWebProject { get; init; }

    /// <summary>Microsoft.NET.Sdk.BlazorWebAssembly: the published wwwroot is a static site.</summary>
    public bool IsBlazorWebAssembly { get; init; }

    public required string Configuration { get; init; }

    public required string Version { get; init; }

    /// <summary>The .NET install running the build; its own package folders are not user feeds.</summary>
    public string? SdkRoot { get; init; }

    public bool SelfContained { get; init; }

    public bool PublishSingleFile { get; init; }

    public bool PublishTrimmed { get; init; }

    public bool PublishAot { get; init; }

    /// <summary>PublishReadyToRun: precompiled for one RID, so the container must build it the same way.</summary>
    public bool PublishReadyToRun { get; init; }

    /// <summary>InvariantGlobalization: the app needs no ICU, so the chiseled images without it suffice.</summary>
    public bool InvariantGlobalization { get; init; }

    /// <summary>SelfContained, PublishSingleFile or PublishAot: the app starts from its native launcher.</summary>
    public bool StartsFromAppHost => SelfContained || PublishSingleFile || PublishAot;

    /// <summary>
    /// The deployment-shape properties that are on, as MSBuild property assignments. The container's
    /// restore, build and publish are given them explicitly: set with -p on the host they would
    /// otherwise never reach the container, which would build a framework-dependent app.
    /// </summary>
    public IReadOnlyList<string> DeploymentProperties =>
        new (string Name, bool On)[]
        {
            ("SelfContained", SelfContained),
            ("PublishSingleFile", PublishSingleFile),
            ("PublishTrimmed", PublishTrimmed),
            ("PublishAot", PublishAot),
            ("PublishReadyToRun", PublishReadyToRun),
        }.Where(p => p.On).Select(p => p.Name + "=true").ToList();

    /// <summary>
    /// The folder of package.json when the project describes a Node.js app (a NoTargets project
    /// beside it, or ContainerStagesNodeApp=true); null for a .NET app.
    /// </summary>
    public string? NodeAppDirectory { get; init; }

    /// <summary>The project's RuntimeIdentifier (from -r), used for the image when it is a linux RID.</summary>
    public string? RuntimeIdentifier { get; init; }

    /// <summary>The project's RuntimeIdentifiers: the platforms of the image when no container RID is set.</summary>
    public IReadOnlyList<string> RuntimeIdentifiers { get; init; } = [];
}
