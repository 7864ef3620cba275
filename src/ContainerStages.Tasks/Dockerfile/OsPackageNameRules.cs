using System.Text.RegularExpressions;
using ContainerStages.Dockerfile;

namespace ContainerStages.Dockerfile;

/// <summary>
/// Package names as each distribution defines them (Debian Policy 5.6.1 and 5.6.12, Alpine's abuild,
/// RPM). Checked before the build so that a typo fails with a coded error and not halfway through
/// apt-get, and so that no name can smuggle shell syntax into the RUN line.
/// </summary>
internal static partial class OsPackageNameRules
{
    // Debian: lower-case alphanumerics, '+', '-', '.'; at least two characters. A version starts
    // with a digit (the epoch's or the upstream version's).
    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.-]+(?:=[0-9][A-Za-z0-9.+~:-]*)?\z")]
    private static partial Regex AptPattern();

    // Alpine also allows '_' (py3-foo_bar); apk pins with '=' too.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._+-]*(?:=[0-9][A-Za-z0-9._+~-]*)?\z")]
    private static partial Regex ApkPattern();

    // RPM names may be mixed case; tdnf pins with name-version, which these characters cover.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]*\z")]
    private static partial Regex TdnfPattern();

    public static bool IsValid(string package, OsPackageManager manager) => manager switch
    {
        OsPackageManager.Apt => AptPattern().IsMatch(package),
        OsPackageManager.Apk => ApkPattern().IsMatch(package),
        OsPackageManager.Tdnf => TdnfPattern().IsMatch(package),
        // Debian's rules, the stricter on names: the same name goes to whichever manager the image has.
        _ => AptPattern().IsMatch(package),
    };

    /// <summary>The tool named in the error, so the user knows whose rules the name broke.</summary>
    public static string ToolName(OsPackageManager manager) => manager switch
    {
        OsPackageManager.Apt => "apt-get",
        OsPackageManager.Apk => "apk",
        OsPackageManager.Tdnf => "tdnf",
        _ => "apt-get or apk",
    };
}
