using ContainerStages.Inputs;

namespace ContainerStages.Tests.Inputs;

/// <summary>Settings as the targets pass them, bound to the records by property name.</summary>
[TestClass]
public sealed class SettingsBinderTests
{
    private static SettingValues Values(params (string Name, string Value)[] values) => new()
    {
        Values = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal),
    };

    private static SettingItem Item(string spec, params (string Name, string Value)[] metadata) =>
        new(spec, metadata.ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal));

    [TestMethod]
    public void Bind_StringsBoolsAndLists_FillTheirProperties()
    {
        var values = Values(("Repository", "team/app"), ("RunTests", "True"), ("User", ""), ("NodeOutputPaths", "dist; build ;"));
        values = values with
        {
            Items = new Dictionary<string, IReadOnlyList<SettingItem>>(StringComparer.Ordinal)
            {
                ["Ports"] = [Item("8080"), Item("53", ("Type", "udp"))],
                ["Labels"] = [Item("a", ("Value", "1;2")), Item("b")],
                ["OsPackages"] = [Item("curl"), Item("tzdata")],
            },
        };

        var settings = SettingsBinder.Bind<ContainerSettings>(values);

        Assert.AreEqual("team/app", settings.Repository);
        Assert.IsTrue(settings.RunTests);
        Assert.IsNull(settings.User, "An unset optional value is null.");
        CollectionAssert.AreEqual(new[] { "dist", "build" }, settings.NodeOutputPaths.ToArray());
        CollectionAssert.AreEqual(new (string, string?)[] { ("8080", null), ("53", "udp") }, settings.Ports.ToArray());
        CollectionAssert.AreEqual(new[] { KeyValuePair.Create("a", "1;2"), KeyValuePair.Create("b", "") }, settings.Labels.ToArray());
        CollectionAssert.AreEqual(new[] { "curl", "tzdata" }, settings.OsPackages.ToArray());
        Assert.IsTrue(settings.GenerateLabels, "A setting not passed keeps the record's default.");
        Assert.IsEmpty(settings.CacheFrom);
    }

    [TestMethod]
    public void Bind_EmptyBool_KeepsTheDefault()
    {
        Assert.IsTrue(SettingsBinder.Bind<ContainerSettings>(Values(("GenerateLabels", " "))).GenerateLabels);
        Assert.IsFalse(SettingsBinder.Bind<ContainerSettings>(Values(("GenerateLabels", "false"))).GenerateLabels);
    }

    [TestMethod]
    public void Bind_BoolOfAnotherValue_IsACodedError()
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => SettingsBinder.Bind<ContainerSettings>(Values(("RunTests", "yes"))));

        Assert.AreEqual("SettingNotTrueOrFalse", error.ResourceName);
        CollectionAssert.AreEqual(new object?[] { "RunTests", "yes" }, error.Arguments);
    }

    [TestMethod]
    public void Bind_NameNoPropertyHas_IsTheTargetsBug()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => SettingsBinder.Bind<ContainerSettings>(Values(("Repositry", "x"))));

        StringAssert.Contains(error.Message, "Repositry");
    }

    [TestMethod]
    public void Bind_RequiredPropertyWithoutValue_IsTheTargetsBug()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => SettingsBinder.Bind<ProjectDescription>(Values(("ProjectPath", "/p/App.csproj"))));

        StringAssert.Contains(error.Message, "is required");
    }

    [TestMethod]
    public void Bind_ProjectDescription_KeepsARequiredEmptyStringAndParsesFlags()
    {
        var project = SettingsBinder.Bind<ProjectDescription>(Values(
            ("ProjectPath", "/p/App.csproj"), ("AssetsFilePath", "/p/obj/project.assets.json"), ("AssemblyName", "App"),
            ("TargetFileName", ""), ("TargetFrameworkVersion", "v10.0"), ("Configuration", "Release"), ("Version", "1.0.0"),
            ("SelfContained", "true"), ("OutputType", "Exe"), ("TargetFramework", "")));

        Assert.AreEqual(string.Empty, project.TargetFileName);
        Assert.IsNull(project.TargetFramework);
        Assert.IsTrue(project.SelfContained);
        Assert.IsTrue(project.StartsFromAppHost);
        Assert.IsNull(project.NodeAppDirectory);
    }
}
