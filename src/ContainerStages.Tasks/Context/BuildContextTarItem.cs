namespace ContainerStages.Context;

/// <summary>One entry on its way into the tar: from the context directory, or an extra file.</summary>
internal readonly record struct BuildContextTarItem(string Path, BuildContextEntry? Entry, BuildContextExtraFile? ExtraFile)
{
    /// <summary>The name in the tar: directories end with "/", as GNU tar writes them.</summary>
    public string TarName => Entry?.Kind == BuildContextEntryKind.Directory ? Path + "/" : Path;

    public bool IsAtRoot => !Path.Contains('/', StringComparison.Ordinal);

    public string? LinkTarget => Entry?.LinkTarget;
}
