namespace ContainerStages.Stacks.DotNet;

/// <summary>What the choice of the default runtime and SDK images depends on, as the SDK's container publish reads it.</summary>
internal sealed record BaseImageRequest
{
    /// <summary>MSBuild's TargetFrameworkVersion, for example <c>v10.0</c>.</summary>
    public required string TargetFrameworkVersion { get; init; }

    public bool IsWebProject { get; init; }

    /// <summary>The app carries its own runtime (self-contained, single-file or AOT): only the runtime's native dependencies are needed.</summary>
    public bool SelfContained { get; init; }

    public bool PublishAot { get; init; }

    public bool PublishTrimmed { get; init; }

    /// <summary>InvariantGlobalization: the app needs no ICU, so the images without it (chiseled, AOT) suffice.</summary>
    public bool InvariantGlobalization { get; init; }

    /// <summary>ContainerFamily, for example <c>noble-chiseled</c> or <c>alpine</c>: the tag suffix of the default images.</summary>
    public string? Family { get; init; }

    /// <summary>The RID the app is built for, when one was chosen (a linux-musl RID means alpine).</summary>
    public string? RuntimeIdentifier { get; init; }
}
