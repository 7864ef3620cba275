using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ContainerStages.Resources;
using Docker.DotNet.Handler.Abstractions;

namespace ContainerStages.Engine;

/// <summary>
/// Mutual TLS to a remote engine (what `docker --tlsverify` does): the client certificate from PEM
/// files, and the engine's certificate checked against the given CA only, not the machine's store.
/// </summary>
internal sealed class EngineTlsAuthProvider : IAuthProvider
{
    private readonly EngineTls _tls;

    public EngineTlsAuthProvider(EngineTls tls) => _tls = tls;

    public bool TlsEnabled => true;

    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler)
    {
        var clientCertificate = LoadClientCertificate();
        switch (handler)
        {
            case SocketsHttpHandler sockets:
                if (clientCertificate is not null)
                {
                    sockets.SslOptions.ClientCertificates = [clientCertificate];
                }

                sockets.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate)), errors);
                return sockets;
            case Microsoft.Net.Http.Client.ManagedHandler managed:
                // The client's own transport for tcp:// endpoints.
                if (clientCertificate is not null)
                {
                    managed.ClientCertificates = new X509CertificateCollection { clientCertificate };
                }

                managed.ServerCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate)), errors);
                return managed;
            case HttpClientHandler client:
                if (clientCertificate is not null)
                {
                    client.ClientCertificates.Add(clientCertificate);
                }

                client.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors);
                return client;
            default:
                throw new ContainerStagesException(nameof(Strings.EngineTlsUnsupported), handler.GetType().Name);
        }
    }

    internal bool Validate(X509Certificate2? certificate, SslPolicyErrors errors)
    {
        if (!_tls.Verify)
        {
            return true;
        }

        if (certificate is null || _tls.CaPath is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(new X509Certificate2(_tls.CaPath));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        // The host name is still checked by the TLS layer; only the trust anchor is replaced.
        return chain.Build(certificate) && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
    }

    internal X509Certificate2? LoadClientCertificate()
    {
        if (_tls.CertificatePath is null || _tls.KeyPath is null)
        {
            return null;
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(_tls.CertificatePath, _tls.KeyPath);

            // SslStream on some platforms wants a key it can persist, not the ephemeral one from PEM.
            return new X509Certificate2(pem.Export(X509ContentType.Pkcs12));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new ContainerStagesException(nameof(Strings.EngineTlsFilesMissing), Path.GetDirectoryName(_tls.CertificatePath) ?? _tls.CertificatePath, $"cert.pem/key.pem unreadable: {e.Message}", "the TLS settings");
        }
    }
}
