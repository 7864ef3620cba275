using System.Text;
using static ContainerStages.Dockerfile.DockerfileText;

namespace ContainerStages.Dockerfile;

/// <summary>The instructions of <see cref="ImageSettings"/>, written the same way in every stack's runtime stage.</summary>
internal static class ImageMetadataWriter
{
    /// <summary>EXPOSE, ENV and LABEL lines, in the order the settings give them.</summary>
    public static void WritePortsEnvironmentAndLabels(StringBuilder text, ImageSettings image)
    {
        foreach (var port in image.Ports)
        {
            Line(text, $"EXPOSE {port}");
        }

        foreach (var (name, value) in image.EnvironmentVariables)
        {
            Line(text, $"ENV {name}={Quote(value)}");
        }

        foreach (var (name, value) in image.Labels)
        {
            Line(text, $"LABEL {Quote(name)}={Quote(value)}");
        }
    }

    /// <summary>The labels each build gives as build arguments (creation time, commit): last, after every layer.</summary>
    public static void WriteBuildArgumentLabels(StringBuilder text, ImageSettings image)
    {
        if (image.BuildArgumentLabels.Count == 0)
        {
            return;
        }

        Line(text, "# Set per build: after every layer, so a new time or commit never invalidates a cached step.");
        foreach (var label in image.BuildArgumentLabels)
        {
            Line(text, $"ARG {label.Argument}");
        }

        foreach (var label in image.BuildArgumentLabels)
        {
            Line(text, $"LABEL {Quote(label.Label)}=\"${{{label.Argument}}}\"");
        }
    }
}
