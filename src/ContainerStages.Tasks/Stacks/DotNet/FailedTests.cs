using System.Text.RegularExpressions;

namespace ContainerStages.Stacks.DotNet;

/// <summary>The names of the failed tests in a 'dotnet test' run's output, for the error that fails the publish.</summary>
internal static partial class FailedTests
{
    // VSTest: "  Failed Shop.Tests.CatalogTests.Price_is_positive [12 ms]";
    // Microsoft.Testing.Platform: "failed Price_is_positive (12ms)".
    [GeneratedRegex(@"^\s*(?:#\d+\s+\d+(?:\.\d+)?\s+)?[Ff]ailed\s+(?<name>[^\s\[\(]+)\s*[\[\(]\s*[\d.,]+\s*m?s")]
    private static partial Regex FailedTestLine();

    // node --test: TAP "not ok 2 - adds numbers" (the default reporter when not on a terminal).
    // Subtests nest with four spaces; the suite's own "not ok" repeats a failed file's name.
    [GeneratedRegex(@"^\s*(?:#\d+\s+\d+(?:\.\d+)?\s+)?not ok \d+ - (?<name>.+?)\s*$")]
    private static partial Regex TapFailedLine();

    public static IReadOnlyList<string> Find(IEnumerable<string> lines) =>
        lines.Select(line => FailedTestLine().Match(line) is { Success: true } match ? match : TapFailedLine().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
