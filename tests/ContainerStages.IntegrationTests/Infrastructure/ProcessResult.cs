namespace ContainerStages.IntegrationTests.Infrastructure;

public sealed record ProcessResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The binlog a dotnet run kept, when it kept one.</summary>
    public string? BinlogPath { get; init; }

    /// <summary>For assertion messages: the command and everything it printed.</summary>
    public override string ToString() => $"$ {CommandLine}\n(exit {ExitCode} after {Elapsed.TotalSeconds:0.0} s)\n{Output}";
}
