using ContainerStages.Planning;
using ContainerStages.Resources;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>
/// Reads the plan GenerateContainerStagesDockerfile saved, so its results are there even when MSBuild
/// skipped the generation target as up to date.
/// </summary>
public sealed class ReadContainerStagesPlan : ContainerStagesTask
{
    [Required] public string PlanFile { get; set; } = string.Empty;

    /// <summary>
    /// The settings fingerprint of this publish; a plan made from other settings fails with CSTG0092. Two
    /// publishes of one project share obj/, so one may read the plan the other just wrote.
    /// </summary>
    public string? ExpectedSettingsFingerprint { get; set; }

    [Output] public string ContextDirectory { get; private set; } = string.Empty;

    [Output] public string DockerfilePath { get; private set; } = string.Empty;

    /// <summary>True when the project gets no image in this build (a hosted Blazor WebAssembly client).</summary>
    [Output] public bool PassedOver { get; private set; }

    [Output] public string Target { get; private set; } = string.Empty;

    /// <summary>The ignore file the context honours (the context root's .dockerignore, or the Dockerfile's own).</summary>
    [Output] public string DockerIgnorePath { get; private set; } = string.Empty;

    [Output] public string Repository { get; private set; } = string.Empty;

    /// <summary>The full references repository:tag, one per tag.</summary>
    [Output] public string[] ImageReferences { get; private set; } = [];

    [Output] public string BaseImage { get; private set; } = string.Empty;

    [Output] public string SdkImage { get; private set; } = string.Empty;

    /// <summary>Build arguments as name=value.</summary>
    [Output] public string[] BuildArgs { get; private set; } = [];

    [Output] public string Platform { get; private set; } = string.Empty;

    [Output] public string[] CacheFrom { get; private set; } = [];

    /// <summary>The files the restore layer copies, which are inputs of the next generation.</summary>
    [Output] public string[] RestoreInputFiles { get; private set; } = [];

    public override bool Execute()
    {
        var plan = SavedBuildPlan.Read(PlanFile);
        if (!string.IsNullOrEmpty(ExpectedSettingsFingerprint) && plan.SettingsFingerprint is { } written && written != ExpectedSettingsFingerprint)
        {
            LogError(new ContainerStagesException(nameof(Strings.PlanOfAnotherPublish), PlanFile) { File = PlanFile });
            return false;
        }

        ContextDirectory = plan.ContextDirectory;
        DockerfilePath = plan.DockerfilePath;
        PassedOver = plan.PassedOver;
        Target = plan.Target;
        DockerIgnorePath = plan.DockerIgnorePath ?? Context.DockerIgnoreFile.PathIn(plan.ContextDirectory);
        Repository = plan.Repository;
        ImageReferences = plan.ImageReferences.ToArray();
        BaseImage = plan.BaseImage;
        SdkImage = plan.SdkImage;
        RestoreInputFiles = plan.RestoreInputFiles.ToArray();
        BuildArgs = plan.BuildArgs.Select(a => $"{a.Key}={a.Value}").ToArray();
        Platform = plan.Platform ?? string.Empty;
        CacheFrom = plan.CacheFrom.ToArray();
        return true;
    }
}
