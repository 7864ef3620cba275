namespace ContainerStages.Stacks.Node;

/// <summary>
/// The exec-form command that starts the app: scripts["start:prod"] (or "start:production"), else
/// scripts.start, else main. npm runs scripts.start through a shell, which would
/// sit between the engine and node as PID 1 and swallow SIGTERM; a simple 'node file args' start
/// script is therefore run by node directly, and anything that needs a shell falls back to main.
/// </summary>
internal static class NodeStartCommand
{
    // NestJS and many templates keep 'start' for a watcher or a CLI ('nest start', 'tsx watch') and
    // put the production command, a plain 'node dist/main', in 'start:prod'.
    private static readonly string[] ProductionStartScripts = ["start:prod", "start:production"];

    /// <summary>The command, and whether the start script had to be passed over for main.</summary>
    public static (IReadOnlyList<string> Command, bool StartScriptIgnored) Resolve(PackageJson package, Func<string, bool> fileExists)
    {
        foreach (string name in ProductionStartScripts)
        {
            if (package.Script(name) is { } production && ParseSimple(production) is { } productionCommand)
            {
                return (productionCommand, false);
            }
        }

        string? start = package.Script("start");
        if (start is not null && ParseSimple(start) is { } parsed)
        {
            return (parsed, false);
        }

        string entry = NormalizeEntry(package.Main)
            // npm's own start default, then main's default.
            ?? (start is null && fileExists("server.js") ? "server.js" : "index.js");
        return (["node", entry], start is not null);
    }

    /// <summary>
    /// 'node [node options] file [args]' with plain words only; null for anything a shell must
    /// interpret (operators, quotes, variables, globs) or that does not start node.
    /// </summary>
    internal static IReadOnlyList<string>? ParseSimple(string script)
    {
        var words = script.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || words[0] != "node")
        {
            return null;
        }

        if (!words.All(IsPlainWord))
        {
            return null;
        }

        // Options only before the file; an option's value joined with '=' keeps this unambiguous.
        int file = Array.FindIndex(words, 1, w => !w.StartsWith('-'));
        return file < 0 ? null : words.Select((w, i) => i == file ? NormalizeEntry(w)! : w).ToList();
    }

    private static bool IsPlainWord(string word) =>
        word.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or '=' or ':' or ',' or '@' or '+');

    private static string? NormalizeEntry(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        string normalized = path.Trim().Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        return normalized;
    }

    /// <summary>The folder of the entry file relative to the app (dist for dist/server.js); null at the top.</summary>
    public static string? TopDirectory(IReadOnlyList<string> command)
    {
        string? entry = command.Skip(1).FirstOrDefault(w => !w.StartsWith('-'));
        if (entry is null || entry.StartsWith('/') || entry.StartsWith("..", StringComparison.Ordinal))
        {
            return null;
        }

        int slash = entry.IndexOf('/');
        return slash <= 0 ? null : entry[..slash];
    }
}
