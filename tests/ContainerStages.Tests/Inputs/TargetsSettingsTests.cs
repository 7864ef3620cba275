using System.Xml.Linq;
using ContainerStages.Inputs;
using ContainerStages.Pipeline;
using ContainerStages.Tests.Resources;

namespace ContainerStages.Tests.Inputs;

/// <summary>
/// The targets and the records agree: every setting the targets pass names a property of its record,
/// and every property of the records is passed (a new one cannot be forgotten on the way).
/// </summary>
[TestClass]
public sealed class TargetsSettingsTests
{
    // Derived from other settings by the generation, never passed.
    private static readonly string[] DerivedSettings = [nameof(ContainerSettings.UnderSourceControl), nameof(ContainerSettings.HasSourceUrl)];

    private static readonly Lazy<XDocument> Targets = new(() =>
        XDocument.Load(Path.Combine(SourceTree.RepositoryRoot, "build", "ContainerStages.targets")));

    private static List<string> Included(string itemType) =>
        Targets.Value.Descendants().Where(e => e.Name.LocalName == itemType && e.Attribute("Include") is not null)
            .Select(e => (string)e.Attribute("Include")!).ToList();

    private static List<string> SettingMetadata(string itemType) =>
        Targets.Value.Descendants().Where(e => e.Name.LocalName == itemType && e.Attribute("Setting") is not null)
            .Select(e => (string)e.Attribute("Setting")!).ToList();

    private static HashSet<string> Properties<T>() =>
        SettingsBinder.Settable(typeof(T)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    [TestMethod]
    public void ProjectItems_NameEveryPropertyOfProjectDescriptionOnce()
    {
        var names = Included("_ContainerStagesProject");

        CollectionAssert.AllItemsAreUnique(names);
        CollectionAssert.AreEquivalent(Properties<ProjectDescription>().ToArray(), names.ToArray());
    }

    [TestMethod]
    public void SettingItems_NameEveryPropertyOfContainerSettingsOnce()
    {
        var names = Included("_ContainerStagesSetting").Concat(SettingMetadata("_ContainerStagesSettingItem")).ToList();

        CollectionAssert.AllItemsAreUnique(names);
        CollectionAssert.AreEquivalent(Properties<ContainerSettings>().Except(DerivedSettings).ToArray(), names.ToArray());
    }

    [TestMethod]
    public void BuildSettingItems_NameEveryPropertyOfBuildSettingsOnce()
    {
        var names = Included("_ContainerStagesBuildSetting").Concat(SettingMetadata("_ContainerStagesBuildSettingItem")).ToList();

        CollectionAssert.AllItemsAreUnique(names);
        CollectionAssert.AreEquivalent(Properties<BuildSettings>().ToArray(), names.ToArray());
    }
}
