using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContainerStages.Dockerfile;
using ContainerStages.Resources;

namespace ContainerStages.Inputs;

/// <summary>
/// ContainerStagesHealthCheck and its options into a <see cref="HealthCheck"/>: a JSON array is the
/// exec form (the only one a chiseled image, which has no shell, can run), anything else one line
/// of shell; NONE turns off the base image's check.
/// </summary>
internal static partial class HealthCheckParser
{
    private const string Property = "ContainerStagesHealthCheck";

    // Go's time.ParseDuration, which the engine uses: one or more number-unit pairs.
    [GeneratedRegex(@"^(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+\z")]
    private static partial Regex DurationPattern();

    public static HealthCheck? Parse(ContainerSettings settings)
    {
        string? command = settings.HealthCheck?.Trim();
        if (string.IsNullOrEmpty(command))
        {
            return null;
        }

        if (command.Equals("NONE", StringComparison.OrdinalIgnoreCase))
        {
            return new HealthCheck { Disabled = true };
        }

        var check = command.StartsWith('[') ? ParseExecForm(command) : ParseShellForm(command, command);
        return check with
        {
            Interval = Duration(settings.HealthCheckInterval, "ContainerStagesHealthCheckInterval"),
            Timeout = Duration(settings.HealthCheckTimeout, "ContainerStagesHealthCheckTimeout"),
            StartPeriod = Duration(settings.HealthCheckStartPeriod, "ContainerStagesHealthCheckStartPeriod"),
            Retries = Retries(settings.HealthCheckRetries),
        };
    }

    private static HealthCheck ParseExecForm(string command)
    {
        string[]? words;
        try
        {
            words = JsonSerializer.Deserialize<string[]>(command);
        }
        catch (JsonException)
        {
            words = null;
        }

        if (words is null || words.Length == 0 || words.Any(w => w is null))
        {
            throw new ContainerStagesException(nameof(Strings.InvalidHealthCheck), Property, command);
        }

        // The compose file's spelling: ["CMD", "curl", ...] and ["CMD-SHELL", "curl ... || exit 1"].
        return words switch
        {
            ["CMD", _, ..] => new HealthCheck { ExecCommand = words[1..] },
            ["CMD-SHELL", string shell] => ParseShellForm(shell, command),
            ["CMD" or "CMD-SHELL", ..] => throw new ContainerStagesException(nameof(Strings.InvalidHealthCheck), Property, command),
            _ => new HealthCheck { ExecCommand = words },
        };
    }

    // A trailing backslash would continue the instruction onto the next Dockerfile line.
    private static HealthCheck ParseShellForm(string shell, string original) =>
        shell.Length == 0 || shell.Contains('\n') || shell.Contains('\r') || shell.TrimEnd().EndsWith('\\')
            ? throw new ContainerStagesException(nameof(Strings.InvalidHealthCheck), Property, original)
            : new HealthCheck { ShellCommand = shell.Trim() };

    private static string? Duration(string? value, string property)
    {
        string? trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null
            : DurationPattern().IsMatch(trimmed) ? trimmed
            : throw new ContainerStagesException(nameof(Strings.InvalidHealthCheck), property, value);
    }

    private static int? Retries(string? value)
    {
        string? trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null
            : int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int retries) && retries > 0 ? retries
            : throw new ContainerStagesException(nameof(Strings.InvalidHealthCheck), "ContainerStagesHealthCheckRetries", value);
    }
}
