using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ContainerStages.Resources;

namespace ContainerStages.Tests.Resources;

/// <summary>
/// Strings.resx against the code that uses it: every message carries a unique CSTG code (errors
/// CSTG0xxx, messages and warnings CSTG1xxx), every entry is used, and its {n} placeholders are
/// well formed. That every name the code passes exists is the compiler's job: call sites name a
/// message with nameof(Strings.X).
/// </summary>
[TestClass]
public sealed partial class StringsResourceTests
{
    // The one message without a code: the summary line of a built image, meant to read like the SDK's own.
    private static readonly HashSet<string> Uncoded = ["ImageBuilt", "ImageKept"];

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Resx = new(ReadResx);

    private static readonly Lazy<string[]> Sources = new(() =>
        Directory.EnumerateFiles(Path.Combine(SourceTree.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .Select(File.ReadAllText)
            .ToArray());

    [GeneratedRegex(@"\bStrings\.(?<name>[A-Za-z_][A-Za-z0-9_]*)\b")]
    private static partial Regex StringsMember();

    // A message named as the first argument of a throw or of a log call; one passed on through a variable is not seen.
    [GeneratedRegex(@"\b(?<call>ContainerStagesException|LogMessageFromResources|LogWarning)\(\s*(?:MessageImportance\.\w+,\s*)?nameof\(Strings\.(?<name>\w+)\)")]
    private static partial Regex DirectUse();

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
            Assert.AreEqual(value, Strings.ResourceManager.GetString(name, CultureInfo.InvariantCulture), name);
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
        var uses = Sources.Value.SelectMany(text => DirectUse().Matches(text)).ToList();
        Assert.IsTrue(uses.Any(u => u.Groups["call"].Value == "ContainerStagesException"), "No thrown message was found: the pattern no longer matches the code.");
        Assert.IsTrue(uses.Any(u => u.Groups["call"].Value == "LogMessageFromResources"), "No logged message was found: the pattern no longer matches the code.");

        var wrong = new List<string>();
        foreach (var use in uses.Where(u => Resx.Value.ContainsKey(u.Groups["name"].Value) && !Uncoded.Contains(u.Groups["name"].Value)))
        {
            string name = use.Groups["name"].Value;
            string code = CodePrefix().Match(Resx.Value[name]).Groups["code"].Value;
            char expected = use.Groups["call"].Value == "ContainerStagesException" ? '0' : '1';
            if (code.Length == 4 && code[0] != expected)
            {
                wrong.Add($"{name} is used in {use.Groups["call"].Value} but has CSTG{code}");
            }
        }

        Assert.IsEmpty(wrong, string.Join("\n", wrong.Distinct()));
    }

    [TestMethod]
    public void EveryResxEntry_IsUsedInTheSources()
    {
        var used = Sources.Value.SelectMany(text => StringsMember().Matches(text)).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

        var unused = Resx.Value.Keys.Where(name => !used.Contains(name)).ToList();

        Assert.IsEmpty(unused, "Never used: " + string.Join(", ", unused));
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
