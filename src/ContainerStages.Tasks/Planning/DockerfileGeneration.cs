using ContainerStages.Context;
using ContainerStages.Dockerfile;
using ContainerStages.Inputs;
using ContainerStages.Resources;
using ContainerStages.SourceControl;

namespace ContainerStages.Planning;

/// <summary>
/// The generation step of a publish: plans the build, writes the Dockerfile and the context's
/// .dockerignore (each only when it is ours and its text changed), and saves the plan for the build step.
/// </summary>
internal static class DockerfileGeneration
{
    /// <param name="settingsFingerprint">A hash of every setting, kept in the plan: a build finds out when another publish rewrote it.</param>
    /// <returns>The files written or kept up to date, the plan file last.</returns>
    public static IReadOnlyList<string> Run(ProjectDescription project, ContainerSettings settings, string planFile, string? settingsFingerprint, ICodedLog log)
    {
        // Said before planning, which may fail over that very file (an unknown stage).
        var dockerfile = DockerfileChoice.Resolve(project.ProjectDirectory, settings.DockerfilePath);
        if (dockerfile.UserOwned)
        {
            log.Message(LogImportance.High, nameof(Strings.DockerfileOwnedByUser), dockerfile.Path);
        }
        else if (dockerfile.HandWrittenBeside is { } handWritten)
        {
            log.Message(LogImportance.High, nameof(Strings.DockerfileBesideHandWritten), handWritten, Path.GetFileName(dockerfile.Path));
        }

        var git = settings.GenerateLabels ? GitRepositoryReader.Read(project.ProjectDirectory) : null;
        var plan = BuildPlanner.Plan(project, settings with
        {
            UnderSourceControl = settings.GenerateLabels && (!string.IsNullOrWhiteSpace(settings.SourceRevisionId) || git is not null),

            // The same choice as the build's metadata step: RepositoryUrl first, then git's remote.
            HasSourceUrl = settings.GenerateLabels
                && RepositoryUrl.Normalize(string.IsNullOrWhiteSpace(settings.RepositoryUrl) ? git?.RemoteUrl : settings.RepositoryUrl) is not null,
        });
        if (git?.ConfigFile is { } gitConfig && File.Exists(gitConfig))
        {
            // The source label is declared only while origin is a URL: a new remote must regenerate.
            plan = plan with { RestoreInputFiles = [.. plan.RestoreInputFiles, ContextPaths.Relative(plan.ContextDirectory, gitConfig)] };
        }

        foreach (var (resource, arguments) in plan.Warnings)
        {
            log.Warning(resource, project.ProjectPath, arguments);
        }

        foreach (var (resource, arguments) in plan.Messages)
        {
            log.Message(LogImportance.Normal, resource, arguments);
        }

        var written = new List<string>();
        if (!plan.PassedOver)
        {
            WriteDockerfile(plan, written, log);
            WriteDockerIgnore(plan, written, log);
        }

        (SavedBuildPlan.From(plan) with { SettingsFingerprint = settingsFingerprint }).Write(planFile);
        written.Add(planFile);
        return written;
    }

    private static void WriteDockerfile(BuildPlan plan, List<string> written, ICodedLog log)
    {
        if (plan.GeneratedDockerfile is null)
        {
            return;
        }

        log.Message(LogImportance.Low, nameof(Strings.RestoreInputs), plan.RestoreInputFiles.Count, string.Join(", ", plan.RestoreInputFiles));
        if (GeneratedFile.WriteIfChanged(plan.DockerfilePath, plan.GeneratedDockerfile))
        {
            log.Message(LogImportance.High, nameof(Strings.DockerfileWritten), plan.DockerfilePath, string.Join(", ", plan.Stages), plan.ContextDirectory);
        }
        else
        {
            log.Message(LogImportance.Normal, nameof(Strings.DockerfileUpToDate), plan.DockerfilePath);
        }

        written.Add(plan.DockerfilePath);
    }

    private static void WriteDockerIgnore(BuildPlan plan, List<string> written, ICodedLog log)
    {
        string path = plan.DockerIgnorePath ?? DockerIgnoreFile.PathIn(plan.ContextDirectory);
        if (DockerIgnoreFile.ReadText(path) is { } existing && !DockerIgnoreDefaults.IsGenerated(existing))
        {
            log.Message(LogImportance.Normal, nameof(Strings.DockerIgnoreOwnedByUser), path);
            return;
        }

        if (GeneratedFile.WriteIfChanged(path, plan.DockerIgnoreText ?? DockerIgnoreDefaults.Text))
        {
            log.Message(LogImportance.Normal, nameof(Strings.DockerIgnoreWritten), path);
        }

        written.Add(path);
    }
}
