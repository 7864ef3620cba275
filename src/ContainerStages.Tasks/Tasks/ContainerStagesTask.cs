using System.Resources;
using Microsoft.Build.Framework;
using ContainerStages.Engine;
using ContainerStages.Registry;
using Microsoft.Build.Utilities;

namespace ContainerStages.Tasks;

/// <summary>Shared plumbing of the tasks: the message resources and the coded error for a <see cref="ContainerStagesException"/>.</summary>
public abstract class ContainerStagesTask : Microsoft.Build.Utilities.Task
{
    internal static readonly ResourceManager Strings = new("ContainerStages.Resources.Strings", typeof(ContainerStagesTask).Assembly);

    protected ContainerStagesTask()
        : base(Strings)
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

    /// <summary>The engine as the Docker CLI would find it, for the tasks that talk to it.</summary>
    internal DockerEngine OpenEngine(string? dockerHost, int connectTimeoutSeconds)
    {
        var endpoint = DockerEndpoint.Resolve(dockerHost, ProcessEnvironmentReader.Instance);
        var connectTimeout = TimeSpan.FromSeconds(Math.Max(1, connectTimeoutSeconds));
        if (endpoint.Address.Scheme == "ssh")
        {
            var ssh = SshEngineAddress.Parse(endpoint.Address, endpoint.Source);
            Log.LogMessageFromResources(MessageImportance.Normal, "EngineThroughSsh", SshEngineAddress.Url(endpoint.Address), ssh.CommandLine(connectTimeout));
        }

        return new DockerEngine(endpoint, connectTimeout);
    }

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
