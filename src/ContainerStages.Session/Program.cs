using System.Text.Json;
using ContainerStages.Session;
using ContainerStages.Session.Services;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The BuildKit session's gRPC services for one MSBuild task. The engine is the HTTP/2 client: the
// task bridges its upgraded /session connection to the unix socket this process listens on, with
// HTTP/2 only (h2c prior knowledge, as the engine's gRPC client speaks it after the upgrade).
//
// Exit codes: 0 after standard input closed (the task is done, or MSBuild died); 2 when the first
// line is not a configuration; 3 when the socket cannot be listened on.
string? line = Console.In.ReadLine();
SessionConfiguration? configuration = null;
try
{
    configuration = line is null ? null : JsonSerializer.Deserialize(line, SessionJsonContext.Default.SessionConfiguration);
}
catch (JsonException)
{
}

if (configuration is null || configuration.Socket.Length == 0)
{
    Console.Error.WriteLine("ContainerStages.Session: the first line of standard input must be the session's JSON configuration.");
    return 2;
}

var events = new SessionEvents(Console.Out);
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;

    // The engine checks the session's health every second; an idle limit would only cut a slow build's session.
    kestrel.Limits.KeepAliveTimeout = TimeSpan.FromDays(1);
    kestrel.ListenUnixSocket(configuration.Socket, listen => listen.Protocols = HttpProtocols.Http2);
});
builder.Services.AddSingleton(configuration);
builder.Services.AddSingleton(events);
var health = new HealthServiceImpl();
health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.Serving);
builder.Services.AddSingleton(health);

// The tar exporter streams whole files in chunks of its choosing: no message-size limit on receipt.
builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = null);

var app = builder.Build();
app.MapGrpcService<HealthServiceImpl>();
app.MapGrpcService<SecretsService>();
app.MapGrpcService<AuthService>();
app.MapGrpcService<FileSendService>();
app.MapGrpcService<SshForwardService>();

try
{
    await app.StartAsync();
}
catch (IOException e)
{
    Console.Error.WriteLine($"ContainerStages.Session: cannot listen on {configuration.Socket}: {e.Message}");
    return 3;
}

events.Write("ready", configuration.Socket);

// Standard input stays open for as long as the task wants the session: its end, whether the task
// closed it or MSBuild died, is the signal to stop. SIGTERM and Ctrl+C stop the host as well.
var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
var inputClosed = Task.Run(() =>
{
    try
    {
        while (Console.In.ReadLine() is not null)
        {
        }
    }
    catch (IOException)
    {
    }
});
await Task.WhenAny(inputClosed, Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping));

using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
{
    await app.StopAsync(stopping.Token);
}

await app.DisposeAsync();

// The task removes the folder after this process ended; when MSBuild died first, nobody else will.
string folder = Path.GetDirectoryName(configuration.Socket)!;
try
{
    if (Path.GetFileName(folder).StartsWith("containerstages-session-", StringComparison.Ordinal))
    {
        Directory.Delete(folder, recursive: true);
    }
    else
    {
        File.Delete(configuration.Socket);
    }
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
}

return 0;
