using System.Globalization;
using ContainerStages.Resources;
using ContainerStages.SourceControl;

namespace ContainerStages.Labels;

/// <summary>
/// The one time a build stamps on what it controls: the created label and the file times of the app's
/// layer. By default it comes from the sources, not the clock, so the same commit gives the same image
/// on any machine at any time (as ko and Jib do): SOURCE_DATE_EPOCH (the reproducible-builds
/// convention), else the last commit's time, else a fixed time.
/// </summary>
/// <param name="Time">Whole seconds, as tar headers and the label keep it.</param>
/// <param name="Source">Where it came from, for the build log.</param>
internal sealed record ImageCreatedTime(DateTimeOffset Time, ImageCreatedTimeSource Source)
{
    /// <summary>
    /// The build argument that carries the time in seconds: the generated Dockerfile stamps the app's
    /// files with it, and BuildKit 0.11 and later also take it for the image config's times.
    /// </summary>
    public const string BuildArgument = "SOURCE_DATE_EPOCH";

    /// <summary>ContainerStagesImageCreated's value that takes the build's own time.</summary>
    public const string BuildTimeSetting = "now";

    public long UnixSeconds => Time.ToUnixTimeSeconds();

    /// <param name="setting">ContainerStagesImageCreated: empty (from the sources), "now", or a date and time.</param>
    /// <param name="sourceDateEpoch">The SOURCE_DATE_EPOCH environment variable.</param>
    public static ImageCreatedTime Resolve(string? setting, string? sourceDateEpoch, GitRepositoryInfo? git, DateTimeOffset now)
    {
        string? value = string.IsNullOrWhiteSpace(setting) ? null : setting.Trim();
        if (value is not null)
        {
            if (string.Equals(value, BuildTimeSetting, StringComparison.OrdinalIgnoreCase))
            {
                return new ImageCreatedTime(WholeSeconds(now), ImageCreatedTimeSource.BuildTime);
            }

            return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var given)
                ? new ImageCreatedTime(WholeSeconds(given), ImageCreatedTimeSource.Setting)
                : throw new ContainerStagesException(nameof(Strings.InvalidImageCreated), value);
        }

        if (!string.IsNullOrWhiteSpace(sourceDateEpoch))
        {
            return long.TryParse(sourceDateEpoch.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
                ? new ImageCreatedTime(DateTimeOffset.FromUnixTimeSeconds(seconds), ImageCreatedTimeSource.SourceDateEpoch)
                : throw new ContainerStagesException(nameof(Strings.InvalidSourceDateEpoch), sourceDateEpoch);
        }

        return git?.HeadCommitTime is { } committed
            ? new ImageCreatedTime(committed, ImageCreatedTimeSource.LastCommit)
            : new ImageCreatedTime(DateTimeOffset.UnixEpoch, ImageCreatedTimeSource.Fixed);
    }

    /// <summary>As the OCI created label writes it (RFC 3339, UTC).</summary>
    public string Rfc3339 => Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
