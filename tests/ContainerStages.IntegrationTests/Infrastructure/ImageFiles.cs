namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>What an image holds under a folder, read by running the image: every entry's type and mode, time, size and content hash.</summary>
public static class ImageFiles
{
    private const string ListScript = """
        cd "$1" && find . -mindepth 1 | LC_ALL=C sort | while IFS= read -r p; do
          if [ -f "$p" ] && [ ! -L "$p" ]; then h=$(sha256sum "$p" | cut -d' ' -f1); else h=-; fi
          echo "$(stat -c '%A %Y %s' "$p") $h $p"
        done
        """;

    /// <summary>One line per entry below <paramref name="folder"/> ("-rw-r--r-- 1700000000 381 &lt;sha256&gt; ./App.deps.json"), sorted; the folder itself left out.</summary>
    public static IReadOnlyList<string> List(string image, string folder = "/app")
    {
        var run = DockerCli.Run("run", "--rm", "--network", "none", "--entrypoint", "sh", image, "-c", ListScript, "list", folder);
        Assert.IsTrue(run.Succeeded, run.ToString());
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}
