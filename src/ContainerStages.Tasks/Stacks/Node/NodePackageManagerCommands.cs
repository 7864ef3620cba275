namespace ContainerStages.Stacks.Node;

/// <summary>The shell commands of one package manager, as the generated stages run them.</summary>
internal sealed record NodePackageManagerCommands
{
    /// <summary>Run once before an install (Corepack puts pnpm or Yarn 2+ on the PATH); null when the image has the tool.</summary>
    public string? Setup { get; init; }

    /// <summary>Installs every dependency exactly as the lock file says.</summary>
    public required string Install { get; init; }

    /// <summary>Installs the production dependencies only.</summary>
    public required string InstallProduction { get; init; }

    public required string Test { get; init; }

    /// <summary>The package manager's download cache, kept in a BuildKit cache mount between builds.</summary>
    public required string CacheDirectory { get; init; }

    public required string CacheId { get; init; }

    /// <summary>
    /// Whether the install runs the app's own prepare scripts (npm, pnpm and Yarn 1 do; Yarn 2+ runs
    /// no prepare script of the project it installs).
    /// </summary>
    public bool RunsAppPrepareScripts { get; init; } = true;

    private string RunPrefix { get; init; } = "npm run";

    public string Run(string script) => $"{RunPrefix} {script}";

    /// <summary>
    /// The production install of one workspace member (its path from the workspace root): npm and
    /// pnpm install that member's dependencies only (pnpm's '...' adds the members it depends on);
    /// Yarn installs every member's, having no per-member install that honours the lock file in Yarn 1.
    /// </summary>
    public string InstallProductionOf(string? workspaceMember) => workspaceMember is not { Length: > 0 } member || WorkspaceProductionInstall is null
        ? InstallProduction
        : string.Format(System.Globalization.CultureInfo.InvariantCulture, WorkspaceProductionInstall, member);

    private string? WorkspaceProductionInstall { get; init; }

    /// <summary>
    /// One install as a shell command: the setup, then the app's own prepare scripts taken out of the
    /// stage's copy of package.json (<paramref name="appPrepareScripts"/>, for example 'prepare'), then
    /// <paramref name="install"/>. prepare serves a checkout (git hooks with husky, a build before
    /// publishing) and needs the sources and the dev tools, which an install stage has not: with
    /// --omit=dev, "prepare": "husky" fails with 'husky: not found'. --ignore-scripts would also skip the
    /// dependencies' install scripts, which native modules need, and 'npm rebuild' after it still runs
    /// the app's pre/postinstall ('pnpm rebuild' even its prepare). npm ships in every Node.js image.
    /// </summary>
    public string InstallStep(string install, IReadOnlyList<string> appPrepareScripts)
    {
        var steps = new List<string>();
        if (Setup is { } setup)
        {
            steps.Add(setup);
        }

        if (RunsAppPrepareScripts && appPrepareScripts.Count > 0)
        {
            steps.Add("npm pkg delete " + string.Join(' ', appPrepareScripts.Select(s => "scripts." + s)));
        }

        steps.Add(install);
        return string.Join(" && ", steps);
    }

    /// <param name="hasLockFile">Without a lock file 'npm ci' refuses to run; 'npm install' resolves afresh.</param>
    public static NodePackageManagerCommands For(NodePackageManager manager, bool hasLockFile) => manager switch
    {
        NodePackageManager.Pnpm => new()
        {
            Setup = "corepack enable pnpm",
            Install = "pnpm install --frozen-lockfile",
            InstallProduction = "pnpm install --frozen-lockfile --prod",
            WorkspaceProductionInstall = "pnpm install --frozen-lockfile --prod --filter ./{0}...",
            Test = "pnpm test",
            RunPrefix = "pnpm run",
            CacheDirectory = "/root/.local/share/pnpm/store",
            CacheId = "containerstages-pnpm-store",
        },
        NodePackageManager.Yarn => new()
        {
            Install = "yarn install --frozen-lockfile",
            InstallProduction = "yarn install --frozen-lockfile --production",
            Test = "yarn test",
            RunPrefix = "yarn run",
            CacheDirectory = "/usr/local/share/.cache/yarn",
            CacheId = "containerstages-yarn",
        },
        NodePackageManager.YarnBerry => new()
        {
            Setup = "corepack enable yarn",
            Install = "yarn install --immutable",
            InstallProduction = "yarn workspaces focus --all --production",
            RunsAppPrepareScripts = false,
            Test = "yarn test",
            RunPrefix = "yarn run",
            CacheDirectory = "/root/.yarn/berry/cache",
            CacheId = "containerstages-yarn-berry",
        },
        _ => new()
        {
            Install = hasLockFile ? "npm ci" : "npm install",
            InstallProduction = hasLockFile ? "npm ci --omit=dev" : "npm install --omit=dev",
            WorkspaceProductionInstall = (hasLockFile ? "npm ci" : "npm install") + " --omit=dev --workspace={0}",
            Test = "npm test",
            CacheDirectory = "/root/.npm",
            CacheId = "containerstages-npm",
        },
    };
}
