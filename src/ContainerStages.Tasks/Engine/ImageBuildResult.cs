using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Engine;

internal sealed record ImageBuildResult(string ImageId, long Size, IReadOnlyList<string> ImageReferences, BuildProgressSummary Summary);
