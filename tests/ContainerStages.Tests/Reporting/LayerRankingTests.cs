using ContainerStages.Engine;
using ContainerStages.Reporting;

namespace ContainerStages.Tests.Reporting;

/// <summary>The report's layers from an image history, the largest of them, and the instructions as they were written.</summary>
[TestClass]
public sealed class LayerRankingTests
{
    private static readonly ImageHistoryEntry[] History =
    [
        new(200_000_000, ""),
        new(0, "ENV APP_UID=1654"),
        new(0, "WORKDIR /app"),
        new(4_000, "WORKDIR /app # buildkit"),
        new(3_500_000, "COPY /app/publish . # buildkit"),
        new(0, "USER ${APP_UID:-1654}"),
    ];

    [TestMethod]
    public void Layers_KeepOnlyTheEntriesWithBytes_OldestFirst_MarkingTheBaseImagesOwn()
    {
        var layers = LayerRanking.Layers(History, baseHistoryCount: 3);

        CollectionAssert.AreEqual(
            new[]
            {
                new ReportedLayer(200_000_000, "", FromBase: true),
                new ReportedLayer(4_000, "WORKDIR /app", FromBase: false),
                new ReportedLayer(3_500_000, "COPY /app/publish .", FromBase: false),
            },
            layers.ToArray());
    }

    [TestMethod]
    public void Layers_AddUpToTheSumOfTheHistory()
    {
        Assert.AreEqual(History.Sum(h => h.Size), LayerRanking.Layers(History, 0).Sum(l => l.Size));
    }

    [TestMethod]
    public void Largest_IsSortedBySize_AndCut()
    {
        var layers = LayerRanking.Layers(History, 1);

        var largest = LayerRanking.Largest(layers, 2);

        CollectionAssert.AreEqual(new long[] { 200_000_000, 3_500_000 }, largest.Select(l => l.Size).ToArray());
    }

    [TestMethod]
    public void Largest_OfEqualSizes_KeepsTheImagesOrder()
    {
        ReportedLayer[] layers = [new(5, "A", false), new(7, "B", false), new(5, "C", false)];

        CollectionAssert.AreEqual(new[] { "B", "A", "C" }, LayerRanking.Largest(layers, 5).Select(l => l.Instruction).ToArray());
    }

    [TestMethod]
    [DataRow("COPY /app/publish . # buildkit", "COPY /app/publish .")]
    [DataRow("RUN |2 TARGETARCH=amd64 BUILD_CONFIGURATION=Release /bin/sh -c dotnet publish app.csproj -c $BUILD_CONFIGURATION # buildkit", "RUN dotnet publish app.csproj -c $BUILD_CONFIGURATION")]
    [DataRow("RUN /bin/sh -c apt-get update # buildkit", "RUN apt-get update")]
    [DataRow("/bin/sh -c #(nop)  CMD [\"bash\"]", "CMD [\"bash\"]")]
    [DataRow("/bin/sh -c apt-get install -y curl", "RUN apt-get install -y curl")]
    [DataRow("", "")]
    public void Tidy_ShowsTheInstructionAsWritten(string createdBy, string expected)
    {
        Assert.AreEqual(expected, LayerRanking.Tidy(createdBy));
    }
}
