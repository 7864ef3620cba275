using System.Text.Json;
using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// The size report against the engine's own answers: the report's size and layers are what
/// `docker image inspect` says, the summary file is appended to, and a size budget fails the publish
/// without tagging the image.
/// </summary>
[TestClass]
public sealed class SizeReportEndToEndTests
{
    private const string Project = "src/Sized.Api/Sized.Api.csproj";

    [TestMethod]
    public void Report_matches_the_engine_and_its_layers_add_up_to_the_image_size()
    {
        TestEnvironment.RequireEngine();
        using var root = CreateWebApp("report");
        string image = root.Image("sized-api");
        string summary = root.WriteFile("summary.md", "Earlier step's summary.\n");

        // Built in the container: only then is there a 'build' stage to compare the image with.
        var publish = root.Publish(Project, StandInImages.AspNet, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1",
            $"-p:ContainerStagesSummaryFile={summary}", "-p:ContainerStagesHostBuild=false");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        var inspect = DockerCli.InspectImage($"{image}:1");
        long engineSize = inspect.GetProperty("Size").GetInt64();
        string reportPath = Path.Combine(root.Root, "src/Sized.Api/obj/Release/net10.0/ContainerStages.report.json");
        Assert.IsTrue(File.Exists(reportPath), "No report at the default path.\n" + publish);
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        var json = report.RootElement;

        Assert.AreEqual(inspect.GetProperty("Id").GetString(), json.GetProperty("imageId").GetString());
        Assert.AreEqual(engineSize, json.GetProperty("size").GetInt64());
        long layerSum = json.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("size").GetInt64());
        Assert.AreEqual(engineSize, layerSum, "The report's layers do not add up to the image size.\n" + File.ReadAllText(reportPath));

        long baseSize = DockerCli.InspectImage(StandInImages.AspNet).GetProperty("Size").GetInt64();
        Assert.AreEqual(StandInImages.AspNet, json.GetProperty("baseImage").GetProperty("reference").GetString());
        Assert.AreEqual(baseSize, json.GetProperty("baseImage").GetProperty("size").GetInt64());
        Assert.AreEqual(engineSize - baseSize, json.GetProperty("appBytes").GetInt64());
        CollectionAssert.AreEqual(new[] { $"{image}:1" }, json.GetProperty("references").EnumerateArray().Select(r => r.GetString()).ToArray());

        // The build stage holds the SDK, the sources and obj/: far bigger than the runtime image.
        long singleStage = json.GetProperty("singleStage").GetProperty("size").GetInt64();
        Assert.IsGreaterThan(engineSize * 2, singleStage);
        Assert.AreEqual(singleStage, json.GetProperty("stageSizes").GetProperty("publish").GetInt64());
        Assert.IsTrue(json.GetProperty("withinBudget").GetBoolean());
        Assert.IsGreaterThan(0, json.GetProperty("cache").GetProperty("totalSteps").GetInt32());

        StringAssert.Contains(publish.Output, $"CSTG1021: Base image {StandInImages.AspNet}: ");
        StringAssert.Contains(publish.Output, "CSTG1022: Largest layers:");
        StringAssert.Contains(publish.Output, "COPY /app/publish .");
        StringAssert.Matches(publish.Output, new Regex(@"CSTG1023: As a single stage on the SDK image \(stage 'publish'\) the image would be [0-9.]+ MB; at [0-9.]+ MB this one is [0-9.]+% smaller\."));

        string markdown = File.ReadAllText(summary);
        StringAssert.StartsWith(markdown, "Earlier step's summary.\n### ContainerStages: `" + image + ":1`");
        StringAssert.Contains(markdown, "| image (stage `runtime`) | ");
        Console.WriteLine($"image {engineSize:N0} bytes, base {baseSize:N0}, single stage {singleStage:N0}; publish took {publish.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine(markdown);
    }

    [TestMethod]
    public void Image_over_the_budget_fails_the_publish_and_leaves_the_previous_image_tagged()
    {
        TestEnvironment.RequireEngine();
        using var root = CreateWebApp("budget");
        string image = root.Image("sized-api");
        string reference = $"{image}:1";
        var first = root.Publish(Project, StandInImages.AspNet, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1");
        Assert.IsTrue(first.Succeeded, first.ToString());
        string previousId = DockerCli.InspectImage(reference).GetProperty("Id").GetString()!;

        // A changed app, so the image over budget is a new one.
        root.WriteFile("src/Sized.Api/Extra.cs", "public static class Extra { public const string Text = \"more\"; }\n");
        var publish = root.Publish(Project, StandInImages.AspNet, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1", "-p:ContainerStagesMaxImageSize=1MB");

        Assert.IsFalse(publish.Succeeded, "Expected the budget to fail the publish.\n" + publish);
        StringAssert.Matches(publish.Output, new Regex($@"error CSTG0044: The image {Regex.Escape(reference)} is [0-9.]+ MB \([0-9,]+ bytes\), more than ContainerStagesMaxImageSize 1MB \(1,000,000 bytes\), so it was not tagged\."));
        DoesNotMatchStackTrace(publish);
        Assert.AreEqual(previousId, DockerCli.InspectImage(reference).GetProperty("Id").GetString(), "The reference moved to the image over budget.");
        Assert.DoesNotContain("ContainerStages: built", publish.Output);

        using var report = JsonDocument.Parse(root.ReadFile("src/Sized.Api/obj/Release/net10.0/ContainerStages.report.json"));
        Assert.IsFalse(report.RootElement.GetProperty("withinBudget").GetBoolean());
        string overBudgetId = report.RootElement.GetProperty("imageId").GetString()!;
        Assert.AreNotEqual(previousId, overBudgetId);
        Assert.IsFalse(DockerCli.ImageExists(overBudgetId), "The image over budget was left behind.");
    }

    [TestMethod]
    public void Image_within_the_budget_is_tagged()
    {
        TestEnvironment.RequireEngine();
        using var root = CreateWebApp("withinbudget");
        string image = root.Image("sized-api");

        var publish = root.Publish(Project, StandInImages.AspNet, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1", "-p:ContainerStagesMaxImageSize=1GiB");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        Assert.IsTrue(DockerCli.ImageExists($"{image}:1"));
    }

    [TestMethod]
    public void Malformed_budget_fails_before_anything_is_built()
    {
        TestEnvironment.RequireEngine();
        using var root = CreateWebApp("badbudget");
        string image = root.Image("sized-api");

        var publish = root.Publish(Project, StandInImages.AspNet, $"-p:ContainerRepository={image}", "-p:ContainerStagesMaxImageSize=120 potatoes");

        Assert.IsFalse(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, "error CSTG0043: ContainerStagesMaxImageSize is '120 potatoes', which is not a size.");
        DoesNotMatchStackTrace(publish);
        Assert.DoesNotContain("CSTG1006", publish.Output, "A build started.\n" + publish);
    }

    private static TestProjectRoot CreateWebApp(string name)
    {
        var root = TestProjectRoot.Create(name);
        root.WriteProject(Project, "Microsoft.NET.Sdk.Web");
        root.WriteFile("src/Sized.Api/Program.cs", """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/", () => "sized");
            app.Run();
            """);
        return root;
    }

    private static void DoesNotMatchStackTrace(ProcessResult result) =>
        StringAssert.DoesNotMatch(result.Output, new Regex(@"^\s+at \S+\(.*\) in |^\s+at [A-Z]\w+\.", RegexOptions.Multiline), "A stack trace reached the user.\n" + result);
}
