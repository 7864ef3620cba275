using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using ContainerStages.Resources;

namespace ContainerStages.DockerConfig;

/// <summary>
/// The Docker CLI's credential helper protocol: run docker-credential-NAME get, write the server
/// address to its input, read {"Username","Secret"} from its output.
/// </summary>
internal sealed class CredentialHelperProcess : ICredentialHelper
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public CredentialHelperAnswer? Get(string helperName, string serverAddress)
    {
        string program = "docker-credential-" + helperName;
        var start = new ProcessStartInfo(program, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            throw new ContainerStagesException(nameof(Strings.CredentialHelperFailed), program, serverAddress, "it is not on PATH");
        }

        process.StandardInput.Write(serverAddress);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new ContainerStagesException(nameof(Strings.CredentialHelperFailed), program, serverAddress, $"no answer within {Timeout.TotalSeconds:0} s");
        }

        string stdout = output.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            // The helpers print this exact text on stdout when they hold nothing for the server.
            string reason = (stdout + error.GetAwaiter().GetResult()).Trim();
            if (reason.Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            throw new ContainerStagesException(nameof(Strings.CredentialHelperFailed), program, serverAddress, FirstLine(reason));
        }

        return Parse(stdout, program, serverAddress);
    }

    internal static CredentialHelperAnswer? Parse(string json, string program, string serverAddress)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            string? username = Property(document.RootElement, "Username");
            string? secret = Property(document.RootElement, "Secret");
            return string.IsNullOrEmpty(secret) ? null : new CredentialHelperAnswer(username ?? string.Empty, secret);
        }
        catch (JsonException)
        {
            // Never quote the output: it may hold the secret.
            throw new ContainerStagesException(nameof(Strings.CredentialHelperFailed), program, serverAddress, "its answer is not JSON");
        }
    }

    private static string? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
