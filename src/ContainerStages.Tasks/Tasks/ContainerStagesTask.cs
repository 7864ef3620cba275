using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ContainerStages.Tasks;

/// <summary>Shared plumbing of the tasks: the message resources and the coded error for a <see cref="ContainerStagesException"/>.</summary>
public abstract class ContainerStagesTask : Microsoft.Build.Utilities.Task
{
    protected ContainerStagesTask()
        : base(Resources.Strings.ResourceManager)
    {
    }

    internal void LogError(ContainerStagesException error)
    {
        foreach (var diagnostic in error.Diagnostics)
        {
            if (diagnostic.IsError)
            {
                Log.LogError(subcategory: null, diagnostic.Code, helpKeyword: null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
            }
            else
            {
                Log.LogWarning(subcategory: null, diagnostic.Code, helpKeyword: null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
            }
        }

        string message = Log.FormatResourceString(error.ResourceName, error.Arguments);
        string? code = ExtractCode(message, out string text);
        Log.LogError(subcategory: null, code, helpKeyword: null, error.File, error.Line, 0, 0, 0, text);
    }

    internal void LogWarning(string resourceName, string? file, int line, params object?[] arguments)
    {
        string message = Log.FormatResourceString(resourceName, arguments);
        string? code = ExtractCode(message, out string text);
        Log.LogWarning(subcategory: null, code, helpKeyword: null, file, line, 0, 0, 0, text);
    }

    internal TaskLoggingHelper Logger => Log;

    internal static string ItemMetadataOrEmpty(ITaskItem item, string name) => item.GetMetadata(name) ?? string.Empty;

    private static string? ExtractCode(string message, out string text)
    {
        int colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && message.StartsWith("CSTG", StringComparison.Ordinal))
        {
            text = message[(colon + 2)..];
            return message[..colon];
        }

        text = message;
        return null;
    }
}
