using ContainerStages.Reporting;

namespace ContainerStages.Tests.Reporting;

/// <summary>The Markdown section for a CI job summary.</summary>
[TestClass]
public sealed class SizeReportMarkdownWriterTests
{
    [TestMethod]
    public void Summary_ShowsSizesComparisonBudgetAndLayers()
    {
        string markdown = SizeReportMarkdownWriter.Write(SampleReports.WebApi);

        Assert.AreEqual("""
            ### ContainerStages: `hello-api:1.0.0`

            | | size |
            |---|---:|
            | image (stage `runtime`) | 229.2 MB (229,192,214 bytes) |
            | base `mcr.microsoft.com/dotnet/aspnet:10.0` | 229.2 MB (229,164,949 bytes) |
            | added by the app | 0.0 MB (27,265 bytes) |
            | as one stage on the SDK image (`build`) | 845.0 MB (845,000,000 bytes), 72.9% saved |
            | budget (`ContainerStagesMaxImageSize`) | 300.0 MB (300,000,000 bytes): within |

            Largest layers:

            | size | instruction |
            |---:|---|
            | 229.2 MB | (imported) (base image) |
            | 0.0 MB | `COPY /app/publish . # a\|b 'c' & <d>` |

            Built in 12.3 s; 5 of 7 steps cached.


            """.ReplaceLineEndings("\n"), markdown);
    }

    [TestMethod]
    public void Summary_OverBudget_IsBold()
    {
        StringAssert.Contains(SizeReportMarkdownWriter.Write(SampleReports.WebApi with { MaxImageSize = 100 }), ": **over** |");
    }

    [TestMethod]
    public void Summary_WithoutBaseOrComparison_LeavesThoseRowsOut()
    {
        string markdown = SizeReportMarkdownWriter.Write(SampleReports.WebApi with { BaseImage = null, BaseImageSize = null, SingleStage = null, SingleStageSize = null, MaxImageSize = null });

        Assert.DoesNotContain("base `", markdown);
        Assert.DoesNotContain("added by the app", markdown);
        Assert.DoesNotContain("one stage", markdown);
        Assert.DoesNotContain("budget", markdown);
    }

    [TestMethod]
    public void Summaries_AppendedOneAfterAnother_EachStartWithTheirHeading()
    {
        string twice = SizeReportMarkdownWriter.Write(SampleReports.WebApi) + SizeReportMarkdownWriter.Write(SampleReports.WebApi);

        StringAssert.Contains(twice, "cached.\n\n### ContainerStages:");
    }
}
