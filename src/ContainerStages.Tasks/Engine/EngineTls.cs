namespace ContainerStages.Engine;

/// <summary>
/// TLS to a remote engine, as DOCKER_TLS_VERIFY / DOCKER_CERT_PATH or a context's TLS folder give it:
/// the CA that signs the engine's certificate and the client's certificate and key (PEM files).
/// </summary>
/// <param name="Verify">Check the engine's certificate against <paramref name="CaPath"/>; false trusts any (DOCKER_TLS, SkipTLSVerify).</param>
internal sealed record EngineTls(bool Verify, string? CaPath, string? CertificatePath, string? KeyPath);
