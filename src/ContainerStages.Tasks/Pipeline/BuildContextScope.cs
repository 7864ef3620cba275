using ContainerStages.Context;
using ContainerStages.Dockerfile;

namespace ContainerStages.Pipeline;

/// <summary>
/// Which files of the context a build is sent. When the image takes the host's publish folder and no
/// stage the build runs reads anything else of the context (no test stage, no SDK stage), only the
/// Dockerfile goes with the publish folder: the sources would be uploaded and unpacked by the engine for
/// nothing, which for a large repository costs more than the rest of the build. Otherwise the
/// .dockerignore decides, as for the Docker CLI.
/// </summary>
internal static class BuildContextScope
{
    private static readonly DockerIgnoreRules NothingOfTheContext = DockerIgnoreRules.Parse("*\n");

    /// <param name="buildArgs">The build's arguments, with the one that chooses the host-publish stage when it does.</param>
    public static DockerIgnoreRules Rules(ImageBuildInput input, bool usesHostPublish, IReadOnlyDictionary<string, string> buildArgs)
    {
        var rules = usesHostPublish && OnlyHostPublishRead(input, buildArgs)
            ? NothingOfTheContext
            : DockerIgnoreFile.ReadRules(input.ContextDirectory, input.DockerfilePath);
        // Like the Docker CLI, send the Dockerfile even when a pattern excludes it: BuildKit reads it from the
        // context. A Dockerfile outside the context is sent under a name of its own, which no pattern names.
        return ContextPaths.IsUnder(input.DockerfilePath, input.ContextDirectory)
            ? rules.WithAlwaysIncluded(ContextPaths.Relative(input.ContextDirectory, input.DockerfilePath))
            : rules;
    }

    private static bool OnlyHostPublishRead(ImageBuildInput input, IReadOnlyDictionary<string, string> buildArgs) =>
        DockerfileBuildInputs.Find(File.ReadAllText(input.DockerfilePath), input.Target, buildArgs) is { } reads
        && reads.ContextPaths.All(path => IsUnder(path, PrebuiltApp.ContextDirectory));

    private static bool IsUnder(string path, string directory)
    {
        string normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        normalized = normalized.TrimStart('/').TrimEnd('/');
        return normalized == directory || normalized.StartsWith(directory + "/", StringComparison.Ordinal);
    }
}
