namespace ContainerStages.Naming;

/// <summary>A repository:tag reference as the engine's tag endpoint takes it: the two parts apart.</summary>
internal static class ImageReference
{
    /// <summary>Splits at the last ':' after the last '/', so a registry port (host:5000/app) stays in the repository.</summary>
    public static (string Repository, string Tag) Split(string reference)
    {
        int colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
    }
}
