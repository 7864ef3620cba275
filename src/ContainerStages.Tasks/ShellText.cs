namespace ContainerStages;

/// <summary>POSIX shell quoting, for the scripts ContainerStages writes (Dockerfile steps, secret files a step sources).</summary>
internal static class ShellText
{
    /// <summary>The value as one shell word, whatever it holds: single quotes, each ' written as '\''.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
