namespace ContainerStages.Engine.BuildKit;

public enum BuildStepEventKind
{
    /// <summary>The vertex began (or was found in the cache): <c>#5 [build 2/4] RUN dotnet build</c>.</summary>
    Started,

    /// <summary><c>#5 CACHED</c>: the result was reused, the step did not run.</summary>
    Cached,

    /// <summary><c>#5 DONE 2.3s</c>.</summary>
    Done,

    /// <summary><c>#5 ERROR: …</c>.</summary>
    Error,

    /// <summary><c>#5 ... still running (30.0s)</c>, from <see cref="BuildProgressTracker.Heartbeat"/>.</summary>
    StillRunning,

    /// <summary>A sub-task of the vertex finished: <c>#9 exporting layers 0.1s done</c>.</summary>
    SubTaskDone,
}
