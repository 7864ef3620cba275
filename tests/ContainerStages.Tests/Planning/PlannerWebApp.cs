using ContainerStages.Inputs;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Planning;

/// <summary>The web app planner tests plan: src/App/App.csproj (or another folder and name) on .NET 10 with its restore's assets file, the generated Dockerfile beside it.</summary>
internal static class PlannerWebApp
{
    public static (ProjectDescription Project, ContainerSettings Settings) Create(TempTree tree, string folder = "src/App", string name = "App")
    {
        string project = tree.WriteFile($"{folder}/{name}.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");
        return (
            new ProjectDescription
            {
                ProjectPath = project,
                AssetsFilePath = AssetsFile.Write(project),
                AssemblyName = name,
                TargetFileName = name + ".dll",
                TargetFrameworkVersion = "v10.0",
                TargetFramework = "net10.0",
                OutputType = "Exe",
                IsWebProject = true,
                Configuration = "Release",
                Version = "1.0.0",
            },
            new ContainerSettings { DockerfilePath = tree.FullPath($"{folder}/Dockerfile") });
    }
}
