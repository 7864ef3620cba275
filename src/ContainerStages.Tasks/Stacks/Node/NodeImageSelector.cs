using System.Globalization;
using System.Text.RegularExpressions;

namespace ContainerStages.Stacks.Node;

/// <summary>
/// The default Node.js images: the official node image of the app's major version, the full
/// Debian one for the build stages (compilers for native addons, git) and the slim one for the
/// runtime; distroless has no shell, no npm and its own user.
/// </summary>
internal static partial class NodeImageSelector
{
    /// <summary>The newest LTS line this version of the package knows; used when the app names none.</summary>
    public const int CurrentLts = 24;

    // LTS lines the default prefers when a range allows several majors, newest first.
    private static readonly int[] LtsLines = [24, 22, 20, 18];

    private static readonly Dictionary<string, int> LtsCodenames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["argon"] = 4, ["boron"] = 6, ["carbon"] = 8, ["dubnium"] = 10, ["erbium"] = 12, ["fermium"] = 14,
        ["gallium"] = 16, ["hydrogen"] = 18, ["iron"] = 20, ["jod"] = 22, ["krypton"] = 24,
    };

    public static string BuildImage(int major) => $"node:{major.ToString(CultureInfo.InvariantCulture)}-bookworm";

    public static string RuntimeImage(int major, bool distroless) => distroless
        ? $"gcr.io/distroless/nodejs{major.ToString(CultureInfo.InvariantCulture)}-debian12"
        : $"node:{major.ToString(CultureInfo.InvariantCulture)}-bookworm-slim";

    /// <summary>engines.node first (what the app declares it runs on), then .nvmrc, then the current LTS.</summary>
    public static int Major(string? enginesNode, string? nvmrc) =>
        MajorFromRange(enginesNode) ?? MajorFromNvmrc(nvmrc) ?? CurrentLts;

    /// <summary>The .nvmrc forms: '20', 'v20.11.1', 'lts/iron', 'lts/*', 'node'.</summary>
    internal static int? MajorFromNvmrc(string? nvmrc)
    {
        string? line = nvmrc?.Split('\n').Select(l => l.Split('#')[0].Trim()).FirstOrDefault(l => l.Length > 0);
        if (line is null)
        {
            return null;
        }

        if (line.StartsWith("lts/", StringComparison.OrdinalIgnoreCase))
        {
            return LtsCodenames.TryGetValue(line[4..], out int codename) ? codename : CurrentLts;
        }

        if (line is "node" or "stable" or "latest")
        {
            return CurrentLts;
        }

        var match = LeadingMajor().Match(line);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// The newest LTS major an engines.node range allows; else the highest major it names.
    /// Decided per major version, which is all an image tag can express.
    /// </summary>
    internal static int? MajorFromRange(string? range)
    {
        if (string.IsNullOrWhiteSpace(range))
        {
            return null;
        }

        var alternatives = range.Split("||").Select(ParseAlternative).Where(a => a is not null).Select(a => a!).ToList();
        if (alternatives.Count == 0)
        {
            return null;
        }

        foreach (int lts in LtsLines)
        {
            if (alternatives.Any(a => a.All(c => c(lts))))
            {
                return lts;
            }
        }

        var named = MajorNumber().Matches(range).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        return named.Count == 0 ? null : named.Max();
    }

    private static List<Func<int, bool>>? ParseAlternative(string alternative)
    {
        string text = alternative.Trim();
        if (text.Length == 0 || text == "*" || text.Equals("x", StringComparison.OrdinalIgnoreCase))
        {
            return [_ => true];
        }

        var hyphen = HyphenRange().Match(text);
        if (hyphen.Success)
        {
            int low = int.Parse(hyphen.Groups[1].Value, CultureInfo.InvariantCulture);
            int high = int.Parse(hyphen.Groups[2].Value, CultureInfo.InvariantCulture);
            return [m => m >= low && m <= high];
        }

        var checks = new List<Func<int, bool>>();
        foreach (Match comparator in Comparator().Matches(text))
        {
            string op = comparator.Groups["op"].Value;
            int major = int.Parse(comparator.Groups["major"].Value, CultureInfo.InvariantCulture);
            // '>20' is '>=21'; '>20.1' still allows 20.x; '<21' ends at 20, '<21.2' allows 21.0 and 21.1.
            bool onlyMajor = !comparator.Groups["rest"].Success || IsZeroOrWildcard(comparator.Groups["rest"].Value);
            checks.Add(op switch
            {
                ">=" => m => m >= major,
                ">" => onlyMajor && !comparator.Groups["rest"].Value.Contains('.') ? m => m > major : m => m >= major,
                "<=" => m => m <= major,
                "<" => onlyMajor ? m => m < major : m => m <= major,
                _ => m => m == major,
            });
        }

        return checks.Count == 0 ? null : checks;
    }

    private static bool IsZeroOrWildcard(string rest) =>
        rest.Split('.', StringSplitOptions.RemoveEmptyEntries).All(p => p is "0" or "x" or "X" or "*");

    [GeneratedRegex(@"^[vV]?(\d+)")]
    private static partial Regex LeadingMajor();

    [GeneratedRegex(@"(?<![\d.])[vV]?(\d+)")]
    private static partial Regex MajorNumber();

    [GeneratedRegex(@"^[vV]?(\d+)(?:\.[\dxX*]+)*\s+-\s+[vV]?(\d+)(?:\.[\dxX*]+)*$")]
    private static partial Regex HyphenRange();

    [GeneratedRegex(@"(?<op>>=|<=|>|<|=|\^|~)?\s*[vV]?(?<major>\d+)(?<rest>(?:\.[\dxX*]+)*)")]
    private static partial Regex Comparator();
}
