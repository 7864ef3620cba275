using ContainerStages.DockerConfig;
using ContainerStages.Engine;
using ContainerStages.Registry;
using ContainerStages.Resources;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>
/// A task that talks to the engine: where to find it, how long to wait for it, and cancellation
/// (Ctrl+C aborts the engine request in flight). A coded failure is logged as its MSBuild error.
/// </summary>
public abstract class ContainerStagesEngineTask : ContainerStagesTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The engine's address, as DOCKER_HOST; empty means the platform's default socket.</summary>
    public string? DockerHost { get; set; }

    public int ConnectTimeoutSeconds { get; set; } = 5;

    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            ExecuteOnEngine(_cancellation.Token);
        }
        catch (ContainerStagesException error)
        {
            LogError(error);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            // MSBuild reports the cancellation itself; the engine aborted the request with it.
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>The task's work; throws <see cref="ContainerStagesException"/> for a coded failure.</summary>
    protected abstract void ExecuteOnEngine(CancellationToken cancellationToken);

    /// <summary>The engine as the Docker CLI would find it, from <see cref="DockerHost"/> or the environment.</summary>
    internal DockerEngine OpenEngine()
    {
        var endpoint = DockerEndpoint.Resolve(DockerHost, ProcessEnvironmentReader.Instance);
        var connectTimeout = TimeSpan.FromSeconds(Math.Max(1, ConnectTimeoutSeconds));
        if (endpoint.Address.Scheme == "ssh")
        {
            var ssh = SshEngineAddress.Parse(endpoint.Address, endpoint.Source);
            Log.LogMessageFromResources(MessageImportance.Normal, nameof(Strings.EngineThroughSsh), SshEngineAddress.Url(endpoint.Address), ssh.CommandLine(connectTimeout));
        }

        return new DockerEngine(endpoint, connectTimeout);
    }
}
