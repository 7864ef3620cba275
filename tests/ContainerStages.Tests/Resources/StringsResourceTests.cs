using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ContainerStages.Tasks;

namespace ContainerStages.Tests.Resources;

/// <summary>
/// Strings.resx against the code that uses it: every message carries a unique CSTG code (errors
/// CSTG0xxx, messages and warnings CSTG1xxx), every name the code passes exists, every entry is
/// used, and each message's {n} placeholders match the arguments its call sites pass.
/// </summary>
[TestClass]
public sealed partial class StringsResourceTests
{
    // The one message without a code: the summary line of a built image, meant to read like the SDK's own.
    private static readonly HashSet<string> Uncoded = ["ImageBuilt"];

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Resx = new(ReadResx);

    private static readonly Lazy<List<ResourceCallSite>> CallSites = new(() =>
        ResourceCallSites.Find(Path.Combine(SourceTree.RepositoryRoot, "src")));

    [GeneratedRegex(@"^CSTG(?<code>\d{4}): ")]
    private static partial Regex CodePrefix();

    [GeneratedRegex(@"(?<!\{)\{(?<index>\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    private static string ResxPath => Path.Combine(SourceTree.TasksProjectDirectory, "Resources", "Strings.resx");

    private static IReadOnlyDictionary<string, string> ReadResx()
    {
        var document = XDocument.Load(ResxPath);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var data in document.Root!.Elements("data").Where(d => d.Attribute("type") is null))
        {
            string name = (string)data.Attribute("name")!;
            Assert.IsFalse(entries.ContainsKey(name), $"{name} is defined twice in Strings.resx.");
            entries[name] = (string?)data.Element("value") ?? string.Empty;
        }

        return entries;
    }

    [TestMethod]
    public void Resx_HasEntries()
    {
        Assert.IsGreaterThan(10, Resx.Value.Count);
    }

    [TestMethod]
    public void EmbeddedResourceManager_GivesEveryResxEntryUnchanged()
    {
        foreach (var (name, value) in Resx.Value)
        {
            Assert.AreEqual(value, ContainerStagesTask.Strings.GetString(name, CultureInfo.InvariantCulture), name);
        }
    }

    [TestMethod]
    public void EveryMessageExceptTheImageSummary_StartsWithACodeColonSpace()
    {
        var uncoded = Resx.Value.Where(e => !Uncoded.Contains(e.Key) && !CodePrefix().IsMatch(e.Value)).Select(e => e.Key).ToList();

        Assert.IsEmpty(uncoded, "Without 'CSTGnnnn: ' in front: " + string.Join(", ", uncoded));
        foreach (string name in Uncoded)
        {
            Assert.DoesNotStartWith("CSTG", Resx.Value[name], name);
        }
    }

    [TestMethod]
    public void NoCode_IsUsedTwice()
    {
        var duplicates = Resx.Value
            .Select(e => (e.Key, Match: CodePrefix().Match(e.Value)))
            .Where(e => e.Match.Success)
            .GroupBy(e => e.Match.Groups["code"].Value)
            .Where(g => g.Count() > 1)
            .Select(g => $"CSTG{g.Key}: {string.Join(", ", g.Select(e => e.Key))}")
            .ToList();

        Assert.IsEmpty(duplicates, string.Join("; ", duplicates));
    }

    [TestMethod]
    public void ErrorsHaveCodesCstg0xxx_AndMessagesCstg1xxx()
    {
        var wrong = new List<string>();
        foreach (var site in CallSites.Value.Where(s => Resx.Value.ContainsKey(s.Name) && !Uncoded.Contains(s.Name)))
        {
            string code = CodePrefix().Match(Resx.Value[site.Name]).Groups["code"].Value;
            char expected = site.Use == ResourceUse.Error ? '0' : '1';
            if (code.Length == 4 && code[0] != expected)
            {
                wrong.Add($"{site} is used as {site.Use.ToString().ToLowerInvariant()} but has CSTG{code}");
            }
        }

        Assert.IsEmpty(wrong, string.Join("\n", wrong));
    }

    [TestMethod]
    public void EveryResource_IsUsedEitherAsErrorOrAsMessageNotBoth()
    {
        var mixed = CallSites.Value.GroupBy(s => s.Name).Where(g => g.Select(s => s.Use).Distinct().Count() > 1).Select(g => g.Key).ToList();

        Assert.IsEmpty(mixed, string.Join(", ", mixed));
    }

    [TestMethod]
    public void EveryResourceNamePassedInTheSources_ExistsInTheResx()
    {
        // The scanner must see the real call shapes, a multi-line LogMessageFromResources included.
        Assert.IsNotEmpty(CallSites.Value, "The scanner found no call sites at all.");
        Assert.IsTrue(CallSites.Value.Any(s => s.Name == "ImageBuilt" && s.ArgumentCount == 4), "The multi-line ImageBuilt call was not read.");
        var missing = CallSites.Value.Where(s => !Resx.Value.ContainsKey(s.Name)).Select(s => s.ToString()).ToList();

        Assert.IsEmpty(missing, "Not in Strings.resx:\n" + string.Join("\n", missing));
    }

    [TestMethod]
    public void EveryResxEntry_IsUsedInTheSources()
    {
        var literals = ResourceCallSites.IdentifierLiterals(Path.Combine(SourceTree.RepositoryRoot, "src"));

        var unused = Resx.Value.Keys.Where(name => !literals.Contains(name)).ToList();

        Assert.IsEmpty(unused, "Never used: " + string.Join(", ", unused));
    }

    [TestMethod]
    public void Placeholders_MatchTheArgumentsOfEveryCallSite()
    {
        var mismatches = new List<string>();
        foreach (var site in CallSites.Value.Where(s => s.ArgumentCount is not null && Resx.Value.ContainsKey(s.Name)))
        {
            int expected = PlaceholderCount(Resx.Value[site.Name]);
            if (site.ArgumentCount != expected)
            {
                mismatches.Add($"{site} passes {site.ArgumentCount} argument(s), the message uses {expected}");
            }
        }

        Assert.IsEmpty(mismatches, string.Join("\n", mismatches));
    }

    [TestMethod]
    public void Placeholders_AreNumberedWithoutGaps()
    {
        var gaps = new List<string>();
        foreach (var (name, value) in Resx.Value)
        {
            var used = Placeholder().Matches(value).Select(m => int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture)).ToHashSet();
            var missing = Enumerable.Range(0, PlaceholderCount(value)).Where(i => !used.Contains(i)).ToList();
            if (missing.Count > 0)
            {
                gaps.Add($"{name} skips {{{string.Join("}, {", missing)}}}");
            }
        }

        Assert.IsEmpty(gaps, string.Join("\n", gaps));
    }

    [TestMethod]
    public void EveryMessage_IsAValidFormatString()
    {
        foreach (var (name, value) in Resx.Value)
        {
            var arguments = Enumerable.Range(0, PlaceholderCount(value)).Select(i => (object)$"<{i}>").ToArray();
            string formatted = string.Format(CultureInfo.InvariantCulture, value, arguments);
            Assert.DoesNotContain("{", formatted.Replace("<", string.Empty, StringComparison.Ordinal), $"{name}: a brace survived formatting.");
        }
    }

    private static int PlaceholderCount(string value) =>
        Placeholder().Matches(value).Select(m => int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
}
