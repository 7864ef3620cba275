using ContainerStages.Dockerfile;
using ContainerStages.Inputs;
using ContainerStages.Planning;
using ContainerStages.Stacks.DotNet;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Planning;

/// <summary>Blazor WebAssembly apps in <see cref="BuildPlanner.Plan"/>: standalone ones are static sites, hosted ones have no image.</summary>
[TestClass]
public sealed class BlazorWebAssemblyPlannerTests
{
    private static ProjectDescription Client(TempTree tree)
    {
        string project = tree.WriteFile("src/Client/Client.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.BlazorWebAssembly\" />");
        return new ProjectDescription
        {
            ProjectPath = project,
            AssetsFilePath = AssetsFile.Write(project),
            AssemblyName = "Client",
            TargetFileName = "Client.dll",
            TargetFrameworkVersion = "v10.0",
            TargetFramework = "net10.0",
            OutputType = "Exe",
            IsBlazorWebAssembly = true,
            Configuration = "Release",
            Version = "1.0.0",
        };
    }

    [TestMethod]
    public void Plan_StandaloneClient_ServesItsWwwrootFromTheUnprivilegedWebServerOn8080()
    {
        using var tree = new TempTree();
        var client = Client(tree);

        var plan = BuildPlanner.Plan(client, new ContainerSettings());

        Assert.IsFalse(plan.PassedOver);
        Assert.AreEqual(StaticSiteStage.DefaultImage, plan.BaseImage);
        Assert.AreEqual("mcr.microsoft.com/dotnet/sdk:10.0", plan.SdkImage);
        StringAssert.Contains(plan.GeneratedDockerfile, "COPY --from=publish /app/publish/wwwroot /usr/share/nginx/html\n");
        StringAssert.Contains(plan.GeneratedDockerfile, "EXPOSE 8080/tcp\n");
        StringAssert.Contains(plan.GeneratedDockerfile, "USER 101\n");
        StringAssert.Contains(plan.GeneratedDockerfile, "try_files $uri $uri/ /index.html;");
        Assert.DoesNotContain("-a $TARGETARCH", plan.GeneratedDockerfile!, "The SDK builds a WebAssembly app for browser-wasm; an image RID would replace it.");
        Assert.DoesNotContain("ENTRYPOINT", plan.GeneratedDockerfile!, "The web server image starts itself.");
    }

    [TestMethod]
    public void Plan_StandaloneClientWithContainerBaseImage_UsesIt()
    {
        using var tree = new TempTree();

        var plan = BuildPlanner.Plan(Client(tree), new ContainerSettings { BaseImage = "example.com/web:1" });

        StringAssert.Contains(plan.GeneratedDockerfile, "FROM example.com/web:1 AS runtime-base\n");
    }

    [TestMethod]
    public void Plan_StandaloneClientWithOsPackages_InstallsThemAsRootThenRunsAsTheWebServersUser()
    {
        using var tree = new TempTree();

        var plan = BuildPlanner.Plan(Client(tree), new ContainerSettings { OsPackages = ["curl"] });

        string dockerfile = plan.GeneratedDockerfile!;
        int install = dockerfile.IndexOf("RUN apk add --no-cache curl\n", StringComparison.Ordinal);
        int user = dockerfile.IndexOf("USER 101\n", StringComparison.Ordinal);
        Assert.IsTrue(install > 0 && user > install, dockerfile);
    }

    [TestMethod]
    public void Plan_ClientReferencedByAServerInTheSolutionPublish_IsPassedOverWithoutAnImage()
    {
        using var tree = new TempTree();
        var client = Client(tree);
        tree.WriteFile("src/Server/Server.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><ProjectReference Include=\"..\\Client\\Client.csproj\" /></ItemGroup></Project>");
        string solution = tree.WriteFile("Shop.slnx", "<Solution><Project Path=\"src/Client/Client.csproj\" /><Project Path=\"src/Server/Server.csproj\" /></Solution>");

        var plan = BuildPlanner.Plan(client, new ContainerSettings { SolutionPath = solution });

        Assert.IsTrue(plan.PassedOver);
        Assert.IsNull(plan.GeneratedDockerfile);
        var message = plan.Messages.Single();
        Assert.AreEqual("BlazorClientPassedOver", message.Resource);
        Assert.AreEqual(tree.FullPath("src/Server/Server.csproj"), message.Arguments[1]);
    }

    [TestMethod]
    public void Plan_ClientReferencedOnlyByItsTests_IsStandalone()
    {
        using var tree = new TempTree();
        var client = Client(tree);
        tree.WriteFile("tests/Client.Tests/Client.Tests.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><PackageReference Include=\"xunit\" /><ProjectReference Include=\"../../src/Client/Client.csproj\" /></ItemGroup></Project>");
        string solution = tree.WriteFile("Shop.slnx", "<Solution><Project Path=\"src/Client/Client.csproj\" /><Project Path=\"tests/Client.Tests/Client.Tests.csproj\" /></Solution>");

        var plan = BuildPlanner.Plan(client, new ContainerSettings { SolutionPath = solution });

        Assert.IsFalse(plan.PassedOver);
        Assert.IsNotNull(plan.GeneratedDockerfile);
    }
}
