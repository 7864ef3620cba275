using System.Security.Cryptography;
using System.Text;
using ContainerStages.Resources;

namespace ContainerStages.Engine.Session;

/// <summary>
/// The sessions of one task's builds: starts the helper process at once (it listens while the
/// context is being read and the engine answers), opens one session per build, and stops the
/// helper when disposed. An engine that refuses sessions is an error only for a build that needs
/// one: a secret to serve or files to export.
/// </summary>
internal sealed class BuildSessionHost : IAsyncDisposable
{
    private readonly SessionHelperProcess? _helper;
    private readonly string? _startFailure;
    private readonly string _name;
    private readonly string _sharedKey;

    /// <param name="contextDirectory">Names the session, as the CLI names it after the context folder.</param>
    /// <param name="onEvent">What the engine asked for (kind and id or host), for the log.</param>
    public BuildSessionHost(BuildSessionContents contents, string contextDirectory, Action<string, string>? onEvent, string? helperPath = null)
    {
        Contents = contents;
        _name = Path.GetFileName(Path.TrimEndingDirectorySeparator(contextDirectory));

        // The CLI's shared key identifies the context folder for BuildKit's file-sync cache; this
        // session syncs no folder (the context is a tar), so any stable value will do.
        _sharedKey = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(contextDirectory))).ToLowerInvariant();
        try
        {
            _helper = SessionHelperProcess.Start(contents, helperPath, onEvent);
        }
        catch (SessionRefusedException e)
        {
            _startFailure = e.Message;
        }
    }

    public BuildSessionContents Contents { get; }

    /// <summary>Where an export build's tar arrives.</summary>
    public string? ExportPath => _helper?.ExportPath;

    /// <summary>The helper's process id (tests check that it is gone after the build).</summary>
    internal int? HelperProcessId => _helper?.ProcessId;

    /// <summary>Why the last session could not be had, for the log; null when it was.</summary>
    public string? RefusedReason { get; private set; }

    /// <summary>Opens a session for one build.</summary>
    /// <param name="exportNeeded">The build exports files, which only a session can carry.</param>
    /// <returns>The session, or null when the engine refuses sessions and this build can do without.</returns>
    public async Task<BuildSession?> OpenAsync(IContainerEngine engine, EngineInfo info, bool exportNeeded, CancellationToken cancellationToken)
    {
        try
        {
            if (_helper is null)
            {
                throw new SessionRefusedException(_startFailure!);
            }

            await _helper.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            if (File.Exists(_helper.ExportPath))
            {
                File.Delete(_helper.ExportPath);
            }

            var session = await BuildSession.OpenAsync(engine, _helper.SocketPath, _name, _sharedKey, cancellationToken).ConfigureAwait(false);
            RefusedReason = null;
            return session;
        }
        catch (SessionRefusedException e)
        {
            RefusedReason = e.Message;
            var needs = new List<string>();
            if (Contents.Secrets.Count > 0)
            {
                needs.Add("secrets (" + string.Join(", ", Contents.Secrets.Keys.Order(StringComparer.Ordinal)) + ")");
            }

            if (exportNeeded)
            {
                needs.Add("exported files");
            }

            if (needs.Count > 0)
            {
                throw new ContainerStagesException(nameof(Strings.SessionUnavailable), info.Endpoint, e.Message, string.Join(" and ", needs));
            }

            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_helper is not null)
        {
            await _helper.DisposeAsync().ConfigureAwait(false);
        }
    }
}
