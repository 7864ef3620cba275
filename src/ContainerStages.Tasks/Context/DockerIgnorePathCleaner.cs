namespace ContainerStages.Context;

/// <summary>
/// Lexical path cleaning with the rules of Go's <c>path.Clean</c>, which Docker applies to every
/// .dockerignore pattern: so "./src//app/" and "src/app" are the same pattern.
/// </summary>
internal static class DockerIgnorePathCleaner
{
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        bool rooted = path[0] == '/';
        var kept = new List<string>();
        foreach (string segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (kept.Count > 0 && kept[^1] != "..")
                {
                    kept.RemoveAt(kept.Count - 1);
                }
                else if (!rooted)
                {
                    // A relative path keeps leading "..": there is nothing to cancel them against.
                    kept.Add(segment);
                }

                // "/.." is "/": nothing is above the root.
                continue;
            }

            kept.Add(segment);
        }

        string joined = string.Join('/', kept);
        if (rooted)
        {
            return "/" + joined;
        }

        return joined.Length == 0 ? "." : joined;
    }
}
