using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>A task's MSBuild log as an <see cref="ICodedLog"/>.</summary>
internal sealed class MSBuildCodedLog : ICodedLog
{
    private readonly ContainerStagesTask _task;

    public MSBuildCodedLog(ContainerStagesTask task) => _task = task;

    public void Message(LogImportance importance, string resource, params object?[] arguments) =>
        _task.Logger.LogMessageFromResources(Importance(importance), resource, arguments);

    public void Warning(string resource, string? file, params object?[] arguments) =>
        _task.LogWarning(resource, file, 0, arguments);

    private static MessageImportance Importance(LogImportance importance) => importance switch
    {
        LogImportance.High => MessageImportance.High,
        LogImportance.Normal => MessageImportance.Normal,
        _ => MessageImportance.Low,
    };
}
