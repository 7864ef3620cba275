using System.Text.Json;
using ContainerStages.Reporting;

namespace ContainerStages.Tests.Reporting;

/// <summary>The JSON report: every field a CI step reads, in bytes and seconds, with the instruction text kept readable.</summary>
[TestClass]
public sealed class SizeReportJsonWriterTests
{
    [TestMethod]
    public void Report_HoldsEveryField()
    {
        using var json = JsonDocument.Parse(SizeReportJsonWriter.Write(SampleReports.WebApi));
        var root = json.RootElement;

        Assert.AreEqual(1, root.GetProperty("version").GetInt32());
        Assert.AreEqual("sha256:4a2127d85e93", root.GetProperty("imageId").GetString());
        CollectionAssert.AreEqual(new[] { "hello-api:1.0.0", "hello-api:latest" }, root.GetProperty("references").EnumerateArray().Select(r => r.GetString()).ToArray());
        Assert.AreEqual("runtime", root.GetProperty("target").GetString());
        Assert.AreEqual(229_192_214, root.GetProperty("size").GetInt64());
        Assert.AreEqual("mcr.microsoft.com/dotnet/aspnet:10.0", root.GetProperty("baseImage").GetProperty("reference").GetString());
        Assert.AreEqual(229_164_949, root.GetProperty("baseImage").GetProperty("size").GetInt64());
        Assert.AreEqual(27_265, root.GetProperty("appBytes").GetInt64());
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        Assert.HasCount(2, layers);
        Assert.IsTrue(layers[0].GetProperty("fromBase").GetBoolean());
        Assert.AreEqual("COPY /app/publish . # a|b `c` & <d>", layers[1].GetProperty("createdBy").GetString());
        Assert.AreEqual(229_192_214, root.GetProperty("stageSizes").GetProperty("runtime").GetInt64());
        Assert.AreEqual(845_000_000, root.GetProperty("stageSizes").GetProperty("build").GetInt64());
        Assert.AreEqual("build", root.GetProperty("singleStage").GetProperty("stage").GetString());
        Assert.AreEqual(845_000_000 - 229_192_214, root.GetProperty("singleStage").GetProperty("savedBytes").GetInt64());
        Assert.AreEqual(72.9, root.GetProperty("singleStage").GetProperty("savedPercent").GetDouble());
        Assert.AreEqual(12.346, root.GetProperty("buildDurationSeconds").GetDouble());
        Assert.AreEqual(5, root.GetProperty("cache").GetProperty("cachedSteps").GetInt32());
        Assert.AreEqual(7, root.GetProperty("cache").GetProperty("totalSteps").GetInt32());
        Assert.AreEqual(300_000_000, root.GetProperty("maxImageSize").GetInt64());
        Assert.IsTrue(root.GetProperty("withinBudget").GetBoolean());
    }

    [TestMethod]
    public void Report_WithoutBaseComparisonOrBudget_HasNulls()
    {
        var report = SampleReports.WebApi with { BaseImage = null, BaseImageSize = null, SingleStage = null, SingleStageSize = null, MaxImageSize = null };

        using var json = JsonDocument.Parse(SizeReportJsonWriter.Write(report));
        var root = json.RootElement;

        Assert.AreEqual(JsonValueKind.Null, root.GetProperty("baseImage").GetProperty("reference").ValueKind);
        Assert.AreEqual(JsonValueKind.Null, root.GetProperty("appBytes").ValueKind);
        Assert.AreEqual(JsonValueKind.Null, root.GetProperty("singleStage").ValueKind);
        Assert.AreEqual(JsonValueKind.Null, root.GetProperty("maxImageSize").ValueKind);
        Assert.IsTrue(root.GetProperty("withinBudget").GetBoolean());
        Assert.AreEqual(1, root.GetProperty("stageSizes").EnumerateObject().Count());
    }

    [TestMethod]
    public void Report_OverBudget_SaysSo()
    {
        using var json = JsonDocument.Parse(SizeReportJsonWriter.Write(SampleReports.WebApi with { MaxImageSize = 1 }));

        Assert.IsFalse(json.RootElement.GetProperty("withinBudget").GetBoolean());
    }

    [TestMethod]
    public void Report_IsTheSameForTheSameInput()
    {
        Assert.AreEqual(SizeReportJsonWriter.Write(SampleReports.WebApi), SizeReportJsonWriter.Write(SampleReports.WebApi));
    }

    [TestMethod]
    public void Report_KeepsInstructionCharactersUnescaped()
    {
        StringAssert.Contains(SizeReportJsonWriter.Write(SampleReports.WebApi), "& <d>");
    }
}
