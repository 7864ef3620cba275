using System.Globalization;
using System.Text.RegularExpressions;

namespace ContainerStages.Reporting;

/// <summary>
/// Sizes as people write them in a project file (120MB, 1.5GB, 120MiB, 250000000) and as the
/// report shows them. MB and GB are powers of 10, as <c>docker images</c> prints them, so a budget
/// read off that column means what it says; MiB and GiB are powers of 2.
/// </summary>
internal static partial class ByteSize
{
    private static readonly Dictionary<string, long> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = 1,
        ["B"] = 1,
        ["kB"] = 1_000,
        ["MB"] = 1_000_000,
        ["GB"] = 1_000_000_000,
        ["TB"] = 1_000_000_000_000,
        ["KiB"] = 1L << 10,
        ["MiB"] = 1L << 20,
        ["GiB"] = 1L << 30,
        ["TiB"] = 1L << 40,
    };

    [GeneratedRegex(@"^\s*(?<number>[0-9]+(?:\.[0-9]+)?)\s*(?<unit>[A-Za-z]*)\s*$")]
    private static partial Regex SizePattern();

    /// <returns>False for anything but a positive number with an optional known unit.</returns>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var match = SizePattern().Match(text ?? string.Empty);
        if (!match.Success
            || !Units.TryGetValue(match.Groups["unit"].Value, out long unit)
            || !decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
        {
            return false;
        }

        decimal value = decimal.Round(number * unit, MidpointRounding.AwayFromZero);
        if (value <= 0 || value > long.MaxValue)
        {
            return false;
        }

        bytes = (long)value;
        return true;
    }

    /// <summary>Decimal megabytes with one digit, as the image summary line and <c>docker images</c> show them.</summary>
    public static string Megabytes(long bytes) =>
        (bytes / 1_000_000d).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    public static string Bytes(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture);
}
