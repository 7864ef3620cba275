using ContainerStages.Inputs;
using ContainerStages.Planning;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ContainerStages.Tasks;

/// <summary>
/// Checks the container settings, writes the multi-stage Dockerfile and the context's .dockerignore
/// (unless the user owns them), and saves the plan the build step reads. Its inputs are the items the
/// targets name after the properties of <see cref="ProjectDescription"/> and <see cref="ContainerSettings"/>.
/// </summary>
public sealed class GenerateContainerStagesDockerfile : ContainerStagesTask
{
    /// <summary>What MSBuild says the project is: one item per property of ProjectDescription, with Value.</summary>
    [Required] public ITaskItem[] Project { get; set; } = [];

    /// <summary>The user's choices: one item per property of ContainerSettings, with Value.</summary>
    public ITaskItem[] Settings { get; set; } = [];

    /// <summary>A hash of every generation setting, kept in the plan (see ReadContainerStagesPlan.ExpectedSettingsFingerprint).</summary>
    public string? SettingsFingerprint { get; set; }

    /// <summary>The items of list settings (ContainerPort, ContainerLabel...), each with Setting naming its property.</summary>
    public ITaskItem[] SettingItems { get; set; } = [];

    /// <summary>Where the decisions are saved for ReadContainerStagesPlan (in obj/).</summary>
    [Required] public string PlanFile { get; set; } = string.Empty;

    [Output] public ITaskItem[] FilesWritten { get; private set; } = [];

    public override bool Execute()
    {
        try
        {
            var project = SettingsBinder.Bind<ProjectDescription>(TaskSettings.Read(Project, []));
            var settings = SettingsBinder.Bind<ContainerSettings>(TaskSettings.Read(Settings, SettingItems));
            FilesWritten = DockerfileGeneration.Run(project, settings, PlanFile, SettingsFingerprint, new MSBuildCodedLog(this))
                .Select(path => (ITaskItem)new TaskItem(path))
                .ToArray();
        }
        catch (ContainerStagesException error)
        {
            LogError(error);
        }

        return !Log.HasLoggedErrors;
    }
}
