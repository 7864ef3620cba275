namespace ContainerStages.Stacks.Node;

/// <summary>
/// Finds the package manager of an app from its lock file, npm's first: a repository that moved
/// from yarn to npm often keeps a stale yarn.lock, rarely the other way round.
/// </summary>
internal static class NodeLockFile
{
    /// <summary>The package manager and the files (beside package.json) its install reads.</summary>
    public static (NodePackageManager Manager, IReadOnlyList<string> InstallInputs) Detect(string appDirectory)
    {
        bool Has(string name) => File.Exists(Path.Combine(appDirectory, name));

        NodePackageManager manager;
        string? lockFile;
        if (Has("package-lock.json"))
        {
            (manager, lockFile) = (NodePackageManager.Npm, "package-lock.json");
        }
        else if (Has("npm-shrinkwrap.json"))
        {
            (manager, lockFile) = (NodePackageManager.Npm, "npm-shrinkwrap.json");
        }
        else if (Has("pnpm-lock.yaml"))
        {
            (manager, lockFile) = (NodePackageManager.Pnpm, "pnpm-lock.yaml");
        }
        else if (Has("yarn.lock"))
        {
            // Yarn 2+ keeps its settings in .yarnrc.yml; classic yarn has none.
            (manager, lockFile) = (Has(".yarnrc.yml") ? NodePackageManager.YarnBerry : NodePackageManager.Yarn, "yarn.lock");
        }
        else
        {
            (manager, lockFile) = (NodePackageManager.Npm, null);
        }

        var inputs = new List<string> { "package.json" };
        if (lockFile is not null)
        {
            inputs.Add(lockFile);
        }

        // Registry, auth-less scope and install settings change what the install fetches.
        foreach (string settings in new[] { ".npmrc", ".yarnrc", ".yarnrc.yml", "pnpm-workspace.yaml" })
        {
            if (Has(settings))
            {
                inputs.Add(settings);
            }
        }

        return (manager, inputs.Order(StringComparer.Ordinal).ToList());
    }

    public static bool IsLockFile(string name) =>
        name is "package-lock.json" or "npm-shrinkwrap.json" or "pnpm-lock.yaml" or "yarn.lock";
}
