namespace ContainerStages;

/// <summary>How loud a message is: High shows at the default verbosity, Normal with -v:n, Low with -v:d.</summary>
internal enum LogImportance
{
    High,
    Normal,
    Low,
}
