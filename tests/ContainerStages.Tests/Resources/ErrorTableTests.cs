using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ContainerStages.Tests.Resources;

/// <summary>
/// The error table of docs/errors.md against Strings.resx: every error code (CSTG0xxx) has a row of its
/// own, in code order, and no page of the documentation names a code that the resources lack.
/// </summary>
[TestClass]
public sealed partial class ErrorTableTests
{
    private const string ErrorsPagePath = "docs/errors.md";

    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    [GeneratedRegex(@"^CSTG(?<code>\d{4}): ")]
    private static partial Regex ResxCode();

    [GeneratedRegex(@"CSTG\d{4}")]
    private static partial Regex AnyCode();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ContainerStages.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find ContainerStages.sln above {AppContext.BaseDirectory}.");
    }

    private static string ReadPage(string relativePath)
    {
        string path = Path.Combine(RepositoryRoot.Value, relativePath);
        Assert.IsTrue(File.Exists(path), $"{relativePath} does not exist: the error table lives there.");
        return File.ReadAllText(path);
    }

    /// <summary>The user and contributor documentation: README.md, CONTRIBUTING.md, bench/README.md and every page of docs/.</summary>
    private static List<string> DocumentationPages()
    {
        var pages = new List<string> { "README.md", "CONTRIBUTING.md", "bench/README.md" };
        pages.AddRange(Directory.GetFiles(Path.Combine(RepositoryRoot.Value, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryRoot.Value, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));
        return pages.Where(page => File.Exists(Path.Combine(RepositoryRoot.Value, page))).ToList();
    }

    /// <summary>The codes of Strings.resx, as "CSTGnnnn".</summary>
    private static List<string> ResxCodes()
    {
        var document = XDocument.Load(Path.Combine(RepositoryRoot.Value, "src", "ContainerStages.Tasks", "Resources", "Strings.resx"));
        return document.Root!.Elements("data")
            .Select(data => ResxCode().Match((string?)data.Element("value") ?? string.Empty))
            .Where(match => match.Success)
            .Select(match => "CSTG" + match.Groups["code"].Value)
            .ToList();
    }

    private static List<string> ResxErrorCodes() => ResxCodes().Where(code => code.StartsWith("CSTG0", StringComparison.Ordinal)).ToList();

    /// <summary>The lines of docs/errors.md below its "# Errors" title, up to a "## " heading if one follows.</summary>
    private static List<string> ErrorsSection()
    {
        var lines = ReadPage(ErrorsPagePath).Replace("\r\n", "\n").Split('\n');
        int start = Array.FindIndex(lines, line => line.TrimEnd() == "# Errors");
        Assert.IsGreaterThanOrEqualTo(0, start, $"{ErrorsPagePath} has no '# Errors' title.");
        return lines.Skip(start + 1).TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal)).ToList();
    }

    /// <summary>The data rows of the section's table, split into trimmed cells.</summary>
    private static List<string[]> TableRows() =>
        ErrorsSection()
            .Where(line => line.TrimStart().StartsWith('|'))
            .Select(line => line.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells[0] != "code" && !cells[0].StartsWith("---", StringComparison.Ordinal))
            .ToList();

    [TestMethod]
    public void Resx_HasErrorCodes()
    {
        Assert.IsGreaterThan(20, ResxErrorCodes().Count);
    }

    [TestMethod]
    public void ErrorsTable_HasACodeAndACauseInEveryRow()
    {
        var rows = TableRows();

        Assert.IsNotEmpty(rows);
        foreach (var cells in rows)
        {
            string row = string.Join(" | ", cells);
            Assert.HasCount(2, cells, row);
            Assert.IsTrue(AnyCode().IsMatch(cells[0]), row);
            Assert.IsFalse(string.IsNullOrWhiteSpace(cells[1]), row);
        }
    }

    [TestMethod]
    public void ErrorsTable_EachRowHasExactlyOneCode()
    {
        var shared = TableRows()
            .Where(cells => cells[0] != AnyCode().Match(cells[0]).Value || AnyCode().Matches(string.Join("|", cells)).Count != 1)
            .Select(cells => string.Join(" | ", cells))
            .ToList();

        Assert.IsEmpty(shared, "Rows that do not hold exactly one code: " + string.Join("; ", shared));
    }

    [TestMethod]
    public void ErrorsTable_HasARowForEveryErrorCodeOfTheResx()
    {
        var documented = TableRows().Select(cells => cells[0]).ToHashSet(StringComparer.Ordinal);

        var missing = ResxErrorCodes().Where(code => !documented.Contains(code)).ToList();

        Assert.IsEmpty(missing, $"Error codes without a row in {ErrorsPagePath}'s table: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void ErrorsTable_NoCodeHasTwoRows()
    {
        var twice = TableRows().GroupBy(cells => cells[0]).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.IsEmpty(twice, "Codes with more than one row: " + string.Join(", ", twice));
    }

    [TestMethod]
    public void ErrorsTable_RowsAreInCodeOrder()
    {
        var codes = TableRows().Select(cells => cells[0]).ToList();

        CollectionAssert.AreEqual(codes.Order(StringComparer.Ordinal).ToList(), codes);
    }

    [TestMethod]
    public void Documentation_CoversTheErrorsPageAndTheReadme()
    {
        var pages = DocumentationPages();

        CollectionAssert.IsSubsetOf(new[] { "README.md", ErrorsPagePath }, pages, string.Join(", ", pages));
    }

    [TestMethod]
    public void Documentation_NamesNoCodeTheResxLacks()
    {
        var known = ResxCodes().ToHashSet(StringComparer.Ordinal);

        var unknown = DocumentationPages()
            .SelectMany(page => AnyCode().Matches(ReadPage(page)).Select(m => $"{m.Value} ({page})"))
            .Where(entry => !known.Contains(entry[..8]))
            .Distinct()
            .ToList();

        Assert.IsEmpty(unknown, "Codes in the documentation that Strings.resx lacks: " + string.Join(", ", unknown));
    }

    [TestMethod]
    public void ErrorsSection_KeepsTheLineAboutMessageCodes()
    {
        Assert.IsTrue(ErrorsSection().Any(line => line.Contains("CSTG1xxx", StringComparison.Ordinal)));
    }
}
