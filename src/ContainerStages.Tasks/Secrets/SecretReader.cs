using ContainerStages.DockerConfig;
using ContainerStages.Registry;
using ContainerStages.Resources;

namespace ContainerStages.Secrets;

/// <summary>
/// Reads ContainerStagesSecret values as 'docker build --secret id=ID,src=FILE' and 'env=VAR' do: at
/// build time, on the build machine, into memory only. The item names where the value is, so the
/// value itself never passes through MSBuild's properties or logs.
/// </summary>
internal static class SecretReader
{
    public static Dictionary<string, byte[]> Read(IEnumerable<SecretSource> sources, IEnvironmentReader environment, string baseDirectory)
    {
        var secrets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            if (!IsValidId(source.Id))
            {
                throw new ContainerStagesException(nameof(Strings.SecretIdInvalid), source.Id);
            }

            bool hasFile = !string.IsNullOrWhiteSpace(source.File);
            bool hasVariable = !string.IsNullOrWhiteSpace(source.EnvironmentVariable);
            if (hasFile == hasVariable)
            {
                throw new ContainerStagesException(nameof(Strings.SecretSourceInvalid), source.Id, hasFile ? "has both File and EnvironmentVariable" : "has neither File nor EnvironmentVariable");
            }

            if (secrets.ContainsKey(source.Id))
            {
                throw new ContainerStagesException(nameof(Strings.SecretSourceInvalid), source.Id, "is given twice");
            }

            if (hasFile)
            {
                string path = Path.GetFullPath(source.File!, baseDirectory);
                if (!System.IO.File.Exists(path))
                {
                    throw new ContainerStagesException(nameof(Strings.SecretSourceInvalid), source.Id, $"names the file '{path}', which does not exist");
                }

                secrets[source.Id] = System.IO.File.ReadAllBytes(path);
            }
            else
            {
                string? value = environment.GetVariable(source.EnvironmentVariable!.Trim());
                if (value is null)
                {
                    throw new ContainerStagesException(nameof(Strings.SecretSourceInvalid), source.Id, $"names the environment variable '{source.EnvironmentVariable}', which is not set");
                }

                secrets[source.Id] = System.Text.Encoding.UTF8.GetBytes(value);
            }
        }

        return secrets;
    }

    internal static bool IsValidId(string id) =>
        id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
