using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ContainerStages.Registry;

/// <summary>
/// Trusts a registry's certificate the way the engine does: the system's roots, or the CA files the
/// engine reads for that registry from certs.d/HOST:PORT (/etc/docker/certs.d on Linux), so a
/// registry the engine pushes to is one this package can put an index on.
/// </summary>
internal static class RegistryCertificates
{
    public static IEnumerable<string> CertsFolders(string registry)
    {
        if (OperatingSystem.IsWindows())
        {
            yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "docker", "certs.d", registry.Replace(':', '_'));
            yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "docker", "certs.d", registry);
        }
        else
        {
            yield return Path.Combine("/etc/docker/certs.d", registry);
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        yield return Path.Combine(home, ".docker", "certs.d", registry);
        yield return Path.Combine(home, ".config", "docker", "certs.d", registry);
    }

    public static bool Validate(string registry, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        var roots = new X509Certificate2Collection();
        foreach (string folder in CertsFolders(registry).Where(Directory.Exists))
        {
            foreach (string file in Directory.EnumerateFiles(folder, "*.crt"))
            {
                roots.ImportFromPemFile(file);
            }
        }

        if (roots.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
