using ContainerStages.Context;
using ContainerStages.Inputs;
using ContainerStages.Resources;

namespace ContainerStages.Stacks.Node;

/// <summary>The front end of an ASP.NET Core app (ContainerStagesSpaRoot), checked and resolved.</summary>
internal static class SpaPlanner
{
    private const string DefaultOutput = "dist";

    /// <summary>The 'spa' stage, and the files whose change must regenerate (relative to the context); null without a SPA root.</summary>
    public static (SpaSpec Spec, IReadOnlyList<string> InputFiles)? Plan(ContainerSettings settings, string contextDirectory)
    {
        if (SettingValue.NonEmpty(settings.SpaRoot) is not { } root)
        {
            return null;
        }

        string directory = Path.GetFullPath(root);
        string packageJsonPath = Path.Combine(directory, "package.json");
        if (!File.Exists(packageJsonPath))
        {
            throw new ContainerStagesException(nameof(Strings.SpaPackageJsonMissing), directory);
        }

        if (!ContextPaths.IsUnder(packageJsonPath, contextDirectory))
        {
            throw new ContainerStagesException(nameof(Strings.FileOutsideContext), packageJsonPath, contextDirectory);
        }

        var package = PackageJson.Read(packageJsonPath);
        if (package.Script("build") is null)
        {
            throw new ContainerStagesException(nameof(Strings.SpaBuildScriptMissing), packageJsonPath) { File = packageJsonPath };
        }

        string output = (SettingValue.NonEmpty(settings.SpaOutput) ?? AngularOutput.Find(directory) ?? DefaultOutput).Replace('\\', '/').TrimEnd('/');
        if (output.StartsWith('/') || output.Split('/').Contains(".."))
        {
            throw new ContainerStagesException(nameof(Strings.NodeOutputInvalid), output);
        }

        var (manager, installInputs) = NodeLockFile.Detect(directory);
        string nvmrcPath = Path.Combine(directory, ".nvmrc");
        string? nvmrc = File.Exists(nvmrcPath) ? File.ReadAllText(nvmrcPath) : null;
        string relative = ContextPaths.Relative(contextDirectory, directory).TrimEnd('/');
        var spec = new SpaSpec
        {
            Directory = relative,
            Image = SettingValue.NonEmpty(settings.SpaImage) ?? NodeImageSelector.BuildImage(NodeImageSelector.Major(package.EnginesNode, nvmrc)),
            Commands = NodePackageManagerCommands.For(manager, installInputs.Any(NodeLockFile.IsLockFile)),
            InstallInputs = installInputs,
            AppPrepareScripts = package.PrepareScripts,
            OutputPath = output,
        };
        var inputs = installInputs.Select(f => relative + "/" + f).ToList();
        if (nvmrc is not null)
        {
            inputs.Add(relative + "/.nvmrc");
        }

        return (spec, inputs);
    }
}
