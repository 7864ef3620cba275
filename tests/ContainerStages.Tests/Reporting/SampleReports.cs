using ContainerStages.Reporting;

namespace ContainerStages.Tests.Reporting;

internal static class SampleReports
{
    public static ImageSizeReport WebApi { get; } = new()
    {
        ImageId = "sha256:4a2127d85e93",
        References = ["hello-api:1.0.0", "hello-api:latest"],
        Target = "runtime",
        Size = 229_192_214,
        BaseImage = "mcr.microsoft.com/dotnet/aspnet:10.0",
        BaseImageSize = 229_164_949,
        Layers =
        [
            new(229_164_949, "", FromBase: true),
            new(27_265, "COPY /app/publish . # a|b `c` & <d>", FromBase: false),
        ],
        SingleStage = "build",
        SingleStageSize = 845_000_000,
        BuildDuration = TimeSpan.FromSeconds(12.3456),
        CachedSteps = 5,
        TotalSteps = 7,
        MaxImageSize = 300_000_000,
    };
}
