using System.Globalization;
using ContainerStages.Dockerfile;
using ContainerStages.Inputs;
using ContainerStages.Labels;
using ContainerStages.Naming;
using ContainerStages.Resources;
using ContainerStages.Stacks;
using static ContainerStages.Inputs.SettingValue;

namespace ContainerStages.Planning;

/// <summary>
/// Turns the project and the user's settings into a <see cref="BuildPlan"/>, checking every input
/// before any build starts: a bad name or an unknown stage fails here, not halfway through a build.
/// The settings every stack shares are checked here, once; the project's stack plans the rest.
/// </summary>
internal static class BuildPlanner
{
    public static BuildPlan Plan(ProjectDescription project, ContainerSettings settings)
    {
        var dockerfile = DockerfileChoice.Resolve(project.ProjectDirectory, settings.DockerfilePath);
        var targets = TargetPlatforms.Resolve(project, settings);
        if (targets.Count == 1)
        {
            // One RID in ContainerRuntimeIdentifiers is ContainerRuntimeIdentifier, as in the SDK.
            settings = settings with { RuntimeIdentifier = targets[0].RuntimeIdentifier };
        }

        var stack = ContainerStacks.For(project);
        var identity = stack.Describe(project, settings);
        if (identity.PassedOver is { } reason)
        {
            return PassedOver(project, dockerfile, stack, reason);
        }

        string repository = ResolveRepository(identity.Name, settings);
        var tags = ResolveTags(identity.Version, settings);
        var ports = settings.Ports.Select(p => ParsePort(p.Port, p.Type)).Distinct().ToList();
        var environment = CheckedPairs(settings.EnvironmentVariables, "ContainerEnvironmentVariable", ImageNameRules.IsValidEnvironmentVariableName, nameof(Strings.InvalidEnvironmentVariableName));
        var labels = CheckedPairs(settings.Labels, "ContainerLabel", IsValidLabelName, nameof(Strings.InvalidLabelName));
        var userBuildArgs = CheckedPairs(settings.BuildArgs, "ContainerStagesBuildArg", ImageNameRules.IsValidEnvironmentVariableName, nameof(Strings.InvalidBuildArgName));
        var buildArgumentLabels = new List<BuildArgumentLabel>();
        if (settings.GenerateLabels)
        {
            // A ContainerLabel of the same name wins, as in the SDK, where the user's item comes last.
            var userLabels = labels.Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
            labels = [.. ImageLabels.ProjectLabels(identity.LabelVersion, identity.LabelTitle, identity.LabelDescription).Where(l => !userLabels.Contains(l.Key)), .. labels];
            buildArgumentLabels.AddRange(ImageLabels.BuildTimeLabels(settings.UnderSourceControl, settings.HasSourceUrl, settings.GenerateCreatedLabel).Where(l => !userLabels.Contains(l.Label)));
        }

        if (NonEmpty(settings.CacheTo) is { } cacheTo)
        {
            throw new ContainerStagesException(nameof(Strings.CacheExportUnsupported), cacheTo);
        }

        var stackPlan = stack.Plan(new StackRequest
        {
            Project = project,
            Settings = settings,
            Dockerfile = dockerfile,
            Image = new ImageSettings
            {
                Ports = ports.Count > 0 ? ports : identity.DefaultPorts,
                EnvironmentVariables = environment,
                Labels = labels,
                BuildArgumentLabels = buildArgumentLabels,
            },
            Contributors = ContainerStacks.Contributors,
            Platforms = targets.Count > 1 ? targets : [],
        });

        var warnings = new List<(string, object?[])>(stackPlan.Warnings);
        if (NonEmpty(settings.User) is { } user && RunsAsRoot(user))
        {
            warnings.Add((nameof(Strings.RunsAsRoot), [user]));
        }

        if (dockerfile.UserOwned && HandWrittenDockerfileSettings.Ignored(settings) is { Count: > 0 } ignored)
        {
            warnings.Add((nameof(Strings.SettingsIgnoredByOwnDockerfile), [dockerfile.Path, string.Join(", ", ignored)]));
        }

        var stages = dockerfile.UserOwned ? DockerfileStageReader.ReadStageNames(dockerfile.ExistingText!) : stackPlan.Stages;
        string target = CheckedTarget(dockerfile, settings, stages, stackPlan.DefaultTarget);
        bool defaultTarget = !dockerfile.UserOwned && target == stackPlan.DefaultTarget;
        var buildArgs = new Dictionary<string, string>(stackPlan.BuildArgs, StringComparer.Ordinal);
        foreach (var (name, value) in userBuildArgs)
        {
            buildArgs[name] = value;
        }

        return new BuildPlan
        {
            Stack = stack.Name,
            HostPublish = defaultTarget ? stackPlan.HostPublish : HostPublishPlan.NotApplicable,
            ContextDirectory = stackPlan.ContextDirectory,
            DockerfilePath = dockerfile.Path,
            DockerIgnorePath = dockerfile.IgnoreFilePath(stackPlan.ContextDirectory),
            HandWrittenDockerfile = dockerfile.HandWrittenBeside,
            GeneratedDockerfile = dockerfile.UserOwned ? null : stackPlan.GeneratedDockerfile,
            DockerIgnoreText = stackPlan.DockerIgnoreText,
            Stages = stages,
            Target = target,
            SingleStageTarget = defaultTarget ? stackPlan.SingleStageTarget : null,
            SingleStageBaseStage = defaultTarget ? stackPlan.SingleStageBaseStage : null,
            TestResultsStage = !dockerfile.UserOwned && stackPlan.TestResultsTargets.Contains(target, StringComparer.Ordinal) ? stackPlan.TestResultsStage : null,
            Repository = repository,
            Tags = tags,
            BaseImage = stackPlan.BaseImage,
            SdkImage = stackPlan.SdkImage,
            RestoreInputFiles = stackPlan.InputFiles,
            BuildArgs = buildArgs,
            Warnings = warnings,
            Messages = stackPlan.Messages,
            Platform = NonEmpty(settings.Platform) ?? stackPlan.Platform,
            Platforms = targets.Count > 1 ? targets.Select(t => t.Platform).ToList() : [],
            CacheFrom = settings.CacheFrom.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>
    /// The plan of a project that gets no image in this build (a hosted Blazor WebAssembly client in
    /// a solution publish): nothing is written or built, and the message says why.
    /// </summary>
    private static BuildPlan PassedOver(ProjectDescription project, DockerfileChoice dockerfile, IContainerStack stack, (string, object?[]) reason) => new()
    {
        Stack = stack.Name,
        PassedOver = true,
        ContextDirectory = project.ProjectDirectory,
        DockerfilePath = dockerfile.Path,
        Stages = [],
        Target = string.Empty,
        Repository = string.Empty,
        Tags = [],
        BaseImage = string.Empty,
        SdkImage = string.Empty,
        Messages = [reason],
    };

    /// <summary>
    /// The stage to build, checked against the Dockerfile's stages before anything is built, so a
    /// typo is not BuildKit's late "target stage could not be found". An empty target (the user's
    /// own file, whose last stage has no name) builds the last stage, as a plain docker build does.
    /// </summary>
    internal static string CheckedTarget(DockerfileChoice dockerfile, ContainerSettings settings, IReadOnlyList<string> stages, string generatedDefault)
    {
        string target = dockerfile.Target(settings.Target, generatedDefault);
        if (target.Length > 0 && !stages.Contains(target, StringComparer.Ordinal))
        {
            throw new ContainerStagesException(nameof(Strings.UnknownTargetStage), NonEmpty(settings.Target) ?? target, stages.Count == 0 ? "(none: no FROM ... AS name)" : string.Join(", ", stages))
            {
                File = dockerfile.Path,
            };
        }

        return target;
    }

    /// <summary>'root', '0', or either with a group ('0:0', 'root:root'): the user part decides.</summary>
    private static bool RunsAsRoot(string user)
    {
        string name = user.Split(':')[0].Trim();
        return name is "root" or "0";
    }

    internal static string ResolveRepository(string appName, ContainerSettings settings)
    {
        if (NonEmpty(settings.Repository) is { } repository)
        {
            return ImageNameRules.IsValidRepository(repository)
                ? repository
                : throw new ContainerStagesException(nameof(Strings.InvalidRepository), repository);
        }

        return ImageNameRules.NormalizeRepository(appName)
            ?? throw new ContainerStagesException(nameof(Strings.InvalidRepository), appName);
    }

    internal static IReadOnlyList<string> ResolveTags(string appVersion, ContainerSettings settings)
    {
        // As in the SDK: ContainerImageTags wins over ContainerImageTag, and the default is $(Version).
        var tags = NonEmpty(settings.ImageTags) is { } many
            ? ImageNameRules.SplitTags(many)
            : [NonEmpty(settings.ImageTag) ?? appVersion];
        foreach (string tag in tags)
        {
            if (!ImageNameRules.IsValidTag(tag))
            {
                throw new ContainerStagesException(nameof(Strings.InvalidTag), tag);
            }
        }

        return tags.Distinct(StringComparer.Ordinal).ToList();
    }

    internal static ContainerPort ParsePort(string port, string? type)
    {
        string protocol = NonEmpty(type)?.ToLowerInvariant() ?? "tcp";
        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
               && number is >= 1 and <= 65535 && protocol is "tcp" or "udp"
            ? new ContainerPort(number, protocol)
            : throw new ContainerStagesException(nameof(Strings.InvalidPort), NonEmpty(type) is null ? port : $"{port} ({type})");
    }

    internal static List<KeyValuePair<string, string>> CheckedPairs(
        IReadOnlyList<KeyValuePair<string, string>> pairs, string itemName, Func<string, bool> isValidName, string invalidNameResource)
    {
        foreach (var (name, value) in pairs)
        {
            if (!isValidName(name))
            {
                throw new ContainerStagesException(invalidNameResource, name);
            }

            if (value.Contains('\n') || value.Contains('\r'))
            {
                throw new ContainerStagesException(nameof(Strings.MultilineValue), itemName, name);
            }
        }

        // The last item of a name wins, as in MSBuild property semantics; order stays as written.
        return pairs.GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
    }

    internal static bool IsValidLabelName(string name) =>
        name.Length > 0 && !name.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '=');
}
