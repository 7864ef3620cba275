using ContainerStages.Dockerfile;
using ContainerStages.Planning;
using ContainerStages.Stacks.DotNet;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Planning;

/// <summary>Which Dockerfile a publish builds (<see cref="DockerfileChoice"/>), its ignore file and its default target.</summary>
[TestClass]
public sealed class DockerfileChoiceTests
{
    // The shape Visual Studio scaffolds: base, build, publish, final.
    internal const string VisualStudioDockerfile = """
        FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base
        USER $APP_UID
        WORKDIR /app
        EXPOSE 8080

        FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
        ARG BUILD_CONFIGURATION=Release
        WORKDIR /src
        COPY ["Web/Web.csproj", "Web/"]
        RUN dotnet restore "./Web/Web.csproj"
        COPY . .
        WORKDIR "/src/Web"
        RUN dotnet build "./Web.csproj" -c $BUILD_CONFIGURATION -o /app/build

        FROM build AS publish
        ARG BUILD_CONFIGURATION=Release
        RUN dotnet publish "./Web.csproj" -c $BUILD_CONFIGURATION -o /app/publish /p:UseAppHost=false

        FROM base AS final
        WORKDIR /app
        COPY --from=publish /app/publish .
        ENTRYPOINT ["dotnet", "Web.dll"]
        """;

    [TestMethod]
    public void Resolve_NoDockerfileAndNoSetting_WritesTheDefaultDockerfile()
    {
        using var tree = new TempTree();

        var choice = DockerfileChoice.Resolve(tree.Root, null);

        Assert.AreEqual(tree.FullPath("Dockerfile"), choice.Path);
        Assert.IsFalse(choice.UserOwned);
        Assert.IsNull(choice.HandWrittenBeside);
        Assert.AreEqual(tree.FullPath(".dockerignore"), choice.IgnoreFilePath(tree.Root));
        Assert.AreEqual("runtime", choice.Target(null, DotNetStages.Runtime));
    }

    [TestMethod]
    public void Resolve_PreviouslyGeneratedDockerfile_IsWrittenAgain()
    {
        using var tree = new TempTree();
        tree.WriteFile("Dockerfile", DockerfileHeader.Marker + "\nFROM old AS runtime\n");

        var choice = DockerfileChoice.Resolve(tree.Root, "");

        Assert.AreEqual(tree.FullPath("Dockerfile"), choice.Path);
        Assert.IsFalse(choice.UserOwned);
    }

    [TestMethod]
    public void Resolve_HandWrittenDockerfileAndNoSetting_WritesItsOwnFileAndIgnoreFileBesideIt()
    {
        using var tree = new TempTree();
        tree.WriteFile("Web/Dockerfile", VisualStudioDockerfile);

        var choice = DockerfileChoice.Resolve(tree.FullPath("Web"), null);

        Assert.AreEqual(tree.FullPath("Web/Dockerfile.containerstages"), choice.Path);
        Assert.IsFalse(choice.UserOwned);
        Assert.AreEqual(tree.FullPath("Web/Dockerfile"), choice.HandWrittenBeside);
        Assert.AreEqual(tree.FullPath("Web/Dockerfile.containerstages.dockerignore"), choice.IgnoreFilePath(tree.Root), "The hand-written .dockerignore of the context root stays the hand-written Dockerfile's.");
        Assert.AreEqual("runtime", choice.Target("", DotNetStages.Runtime));
    }

    [TestMethod]
    public void Resolve_BesideFileTakenOver_IsTheUsersToo()
    {
        using var tree = new TempTree();
        tree.WriteFile("Dockerfile", VisualStudioDockerfile);
        tree.WriteFile("Dockerfile.containerstages", "FROM scratch AS mine\n");

        var choice = DockerfileChoice.Resolve(tree.Root, null);

        Assert.AreEqual(tree.FullPath("Dockerfile.containerstages"), choice.Path);
        Assert.IsTrue(choice.UserOwned);
        Assert.AreEqual("mine", choice.Target(null, DotNetStages.Runtime));
    }

    [TestMethod]
    public void Resolve_NamedHandWrittenDockerfile_IsBuiltAsItIsFromItsLastStage()
    {
        using var tree = new TempTree();
        tree.WriteFile("Web/Dockerfile", VisualStudioDockerfile);

        var choice = DockerfileChoice.Resolve(tree.FullPath("Web"), "Dockerfile");

        Assert.AreEqual(tree.FullPath("Web/Dockerfile"), choice.Path);
        Assert.IsTrue(choice.UserOwned);
        Assert.IsTrue(choice.Named);
        Assert.AreEqual("final", choice.Target(null, DotNetStages.Runtime), "docker build builds the last stage.");
        Assert.AreEqual("build", choice.Target("Build", DotNetStages.Runtime), "ContainerStagesTarget wins.");
        Assert.AreEqual(tree.FullPath(".dockerignore"), choice.IgnoreFilePath(tree.Root));
    }

    [TestMethod]
    public void Target_OwnDockerfileWhoseLastStageHasNoName_IsEmpty()
    {
        using var tree = new TempTree();
        tree.WriteFile("Dockerfile", "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN true\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY --from=build /out .\n");

        var choice = DockerfileChoice.Resolve(tree.Root, "Dockerfile");

        Assert.AreEqual(string.Empty, choice.Target(null, DotNetStages.Runtime));
    }

    [TestMethod]
    public void IgnoreFilePath_OwnDockerfileWithItsOwnIgnoreFile_IsThatFileAsBuildKitReadsIt()
    {
        using var tree = new TempTree();
        tree.WriteFile("docker/app.Dockerfile", "FROM scratch AS app\n");
        tree.WriteFile("docker/app.Dockerfile.dockerignore", "secrets/\n");

        var choice = DockerfileChoice.Resolve(tree.Root, "docker/app.Dockerfile");

        Assert.AreEqual(tree.FullPath("docker/app.Dockerfile.dockerignore"), choice.IgnoreFilePath(tree.Root));
    }
}
