namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// The steps of a build in display order, and counts over the steps that can be cached: Dockerfile
/// instructions (<c>[stage n/m] …</c>) other than <c>FROM</c>.
/// </summary>
/// <remarks>
/// Left out of the counts: BuildKit plumbing (<c>[internal] load remote build context</c>,
/// <c>exporting to image</c>), which runs on every build, and <c>FROM</c> steps, which dockerd 20.10
/// re-resolves on every build and reports as DONE even when nothing changed (a FROM vertex shared
/// by several stages may show as CACHED instead).
/// </remarks>
public sealed record BuildProgressSummary(IReadOnlyList<BuildStepRecord> Steps)
{
    public int TotalSteps => Steps.Count(IsCacheable);

    public int CachedSteps => Steps.Count(step => IsCacheable(step) && step.Cached);

    /// <summary>True when every cacheable step was reused, e.g. a second publish with no change.</summary>
    public bool AllStepsCached => TotalSteps > 0 && CachedSteps == TotalSteps;

    /// <summary>True when the build showed steps of <paramref name="stage"/> and every one came from the cache.</summary>
    public bool StageCached(string stage)
    {
        var steps = Steps.Where(step => IsCacheable(step) && BuildStepNames.StageOf(step.Name) == stage).ToList();
        return steps.Count > 0 && steps.All(step => step.Cached);
    }

    private static bool IsCacheable(BuildStepRecord step) => step.IsDockerfileStep && !step.IsBaseImage;
}
