using System.Text.RegularExpressions;

namespace ContainerStages.Diagnostics;

/// <summary>The names of the failed tests in a 'dotnet test' run's output, for the error that fails the publish.</summary>
internal static partial class FailedTests
{
    // VSTest: "  Failed Shop.Tests.CatalogTests.Price_is_positive [12 ms]";
    // Microsoft.Testing.Platform: "failed Price_is_positive (12ms)".
    [GeneratedRegex(@"^\s*(?:#\d+\s+\d+(?:\.\d+)?\s+)?[Ff]ailed\s+(?<name>[^\s\[\(]+)\s*[\[\(]\s*[\d.,]+\s*m?s")]
    private static partial Regex FailedTestLine();

    public static IReadOnlyList<string> Find(IEnumerable<string> lines) =>
        lines.Select(line => FailedTestLine().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
