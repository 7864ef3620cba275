using Grpc.Core;
using Moby.Filesync.V1;

namespace ContainerStages.Session.Services;

/// <summary>
/// moby.filesync.v1.Auth: registry logins for FROM images and cache imports. Only Credentials is
/// served; BuildKit takes Unimplemented from GetTokenAuthority as "fetch the token yourself with
/// these credentials", which is what the Docker CLI's own session does without a token authority.
/// </summary>
internal sealed class AuthService : Auth.AuthBase
{
    private readonly SessionConfiguration _configuration;
    private readonly SessionEvents _events;

    public AuthService(SessionConfiguration configuration, SessionEvents events)
    {
        _configuration = configuration;
        _events = events;
    }

    public override Task<CredentialsResponse> Credentials(CredentialsRequest request, ServerCallContext context)
    {
        // An unknown registry gets empty credentials (anonymous), as from the Docker CLI.
        if (!_configuration.Registries.TryGetValue(request.Host, out var login))
        {
            _events.Write("credentials-none", request.Host);
            return Task.FromResult(new CredentialsResponse());
        }

        _events.Write("credentials", request.Host);
        return Task.FromResult(new CredentialsResponse { Username = login.Username, Secret = login.Secret });
    }
}
