using System.Text.RegularExpressions;

namespace ContainerStages.Engine.BuildKit;

/// <summary>Classifies vertex names produced by BuildKit's Dockerfile frontend.</summary>
internal static class BuildStepNames
{
    // "[build 3/4] RUN …" for named stages, "[2/3] COPY …" for unnamed ones; newer BuildKit may
    // prefix the platform ("[linux/amd64 build 3/4]"). "[internal] …" and "exporting to image" do not match.
    private const string StepPrefix = @"^\[(?:[^\]]* )?\d+/\d+\] ";

    private static readonly Regex DockerfileStep = new(StepPrefix, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly Regex BaseImageStep = new(StepPrefix + "FROM ", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static bool IsDockerfileStep(string name) => DockerfileStep.IsMatch(name);

    /// <summary>The <c>[stage 1/n] FROM image</c> vertex: resolving the base image, not a build step of ours.</summary>
    public static bool IsBaseImageStep(string name) => BaseImageStep.IsMatch(name);

    /// <summary>The stage a step belongs to ("build" for <c>[build 3/4] RUN …</c> and <c>[linux/amd64 build 3/4] RUN …</c>); null for an unnamed stage or no step.</summary>
    public static string? StageOf(string name)
    {
        if (!IsDockerfileStep(name))
        {
            return null;
        }

        string[] words = name[1..name.IndexOf(']', StringComparison.Ordinal)].Split(' ');
        return words.Length >= 2 ? words[^2] : null;
    }
}
