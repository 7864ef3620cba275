using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Pipeline;

/// <param name="UsedHostPublish">The app came from the host's publish output: the SDK stages did not run.</param>
internal sealed record ImageBuildResult(string ImageId, long Size, IReadOnlyList<string> ImageReferences, BuildProgressSummary Summary, bool UsedHostPublish = false);
