using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// The usual clean-architecture layout: the tests reference the app's libraries, not the app
/// (tests/Shop.Domain.Tests references src/Shop.Domain, which src/Shop.Api references). With
/// ContainerStagesTest=true those tests run in the image's test stage, and a failing one fails the
/// publish naming it and quoting its assertion message, with no terminal escape in the log.
/// </summary>
[TestClass]
public sealed class LibraryTestsEndToEndTests
{
    [TestMethod]
    public void Failing_test_of_a_library_fails_the_publish_with_its_name_and_message_then_passing_tests_ship()
    {
        TestEnvironment.RequireEngine();
        using var root = CleanArchitecture("libtests-vstest", """<PackageReference Include="MSTest" Version="4.5.2" />""", string.Empty);
        WriteDomainTest(root, "using Microsoft.VisualStudio.TestTools.UnitTesting;", "[TestClass]", "[TestMethod]", "Assert.AreEqual(41, Shop.Domain.Prices.Teapot, \"the teapot price moved\");");

        var red = root.Publish("src/Shop.Api/Shop.Api.csproj", StandInImages.AspNet, "-p:ContainerStagesTest=true", "-p:ContainerImageTag=red");

        AssertFailedWith(red, "Teapot_costs_41", "the teapot price moved");
        Assert.IsFalse(DockerCli.ImageExists($"{root.Image("shop-api")}:red"), "An image whose tests failed was tagged.");
        StringAssert.Contains(root.ReadFile("src/Shop.Api/Dockerfile"), "dotnet test tests/Shop.Domain.Tests/Shop.Domain.Tests.csproj");

        WriteDomainTest(root, "using Microsoft.VisualStudio.TestTools.UnitTesting;", "[TestClass]", "[TestMethod]", "Assert.AreEqual(42, Shop.Domain.Prices.Teapot);");
        var green = root.Publish("src/Shop.Api/Shop.Api.csproj", StandInImages.AspNet, "-p:ContainerStagesTest=true", "-p:ContainerImageTag=green");

        Assert.IsTrue(green.Succeeded, green.ToString());
        Assert.DoesNotContain("CSTG0027", green.Output, "The library's tests were not found.");
        StringAssert.Matches(green.Output, new Regex(@"\[test-run 1/1\] RUN .*dotnet test tests/Shop\.Domain\.Tests/Shop\.Domain\.Tests\.csproj"), green.ToString());
        Assert.IsTrue(DockerCli.ImageExists($"{root.Image("shop-api")}:green"), green.ToString());
    }

    [TestMethod]
    public void Failing_xunit_v3_test_on_Microsoft_Testing_Platform_is_named_with_its_message()
    {
        TestEnvironment.RequireEngine();
        using var root = CleanArchitecture("libtests-mtp", """<PackageReference Include="xunit.v3.mtp-v2" Version="4.0.2" />""", "<OutputType>Exe</OutputType>");
        // The .NET 10 SDK runs Testing Platform projects only in its own dotnet test mode, chosen here.
        root.WriteFile("global.json", """
            {
              "sdk": { "version": "10.0.100", "rollForward": "latestFeature" },
              "test": { "runner": "Microsoft.Testing.Platform" }
            }
            """);
        WriteDomainTest(root, "using Xunit;", string.Empty, "[Fact]", "Assert.Equal(41, Shop.Domain.Prices.Teapot);");

        var red = root.Publish("src/Shop.Api/Shop.Api.csproj", StandInImages.AspNet, "-p:ContainerStagesTest=true", "-p:ContainerImageTag=red");

        StringAssert.Contains(root.ReadFile("src/Shop.Api/Dockerfile"), "dotnet test --project tests/Shop.Domain.Tests/Shop.Domain.Tests.csproj");
        AssertFailedWith(red, "Shop.Domain.Tests.PriceTests.Teapot_costs_41", "Assert.Equal() Failure: Values differ");
        StringAssert.Contains(red.Output, "Expected: 41");
        Assert.IsFalse(DockerCli.ImageExists($"{root.Image("shop-api")}:red"), "An image whose tests failed was tagged.");
    }

    private static void AssertFailedWith(ProcessResult publish, string test, string message)
    {
        Assert.IsFalse(publish.Succeeded, publish.ToString());
        StringAssert.Matches(publish.Output, new Regex($@"error CSTG0028: Tests failed in the 'test' stage, so no image was tagged: .*{Regex.Escape(test)}"), publish.ToString());
        // MSBuild prints each line of a multi-line error with the file and code in front.
        StringAssert.Matches(publish.Output, new Regex($@"error CSTG0028:\s+{Regex.Escape(test)}: "), "The test's message was not quoted.\n" + publish);
        StringAssert.Matches(publish.Output, new Regex($@"error CSTG0028:\s+({Regex.Escape(test)}: )?{Regex.Escape(message)}"), "The assertion message was not quoted.\n" + publish);
        Assert.DoesNotContain("\u001b", publish.Output, "A terminal escape reached the log.");
    }

    private static TestProjectRoot CleanArchitecture(string name, string testPackage, string testProperties)
    {
        var root = TestProjectRoot.Create(name);
        root.WriteFile("src/Shop.Domain/Shop.Domain.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        root.WriteFile("src/Shop.Domain/Prices.cs", "namespace Shop.Domain; public static class Prices { public const int Teapot = 42; }\n");
        root.WriteProject("src/Shop.Api/Shop.Api.csproj", "Microsoft.NET.Sdk.Web", $"<ContainerRepository>{root.Image("shop-api")}</ContainerRepository>", """<ProjectReference Include="../Shop.Domain/Shop.Domain.csproj" />""");
        root.WriteFile("src/Shop.Api/Program.cs", """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/", () => Shop.Domain.Prices.Teapot);
            app.Run();
            """);
        root.WriteFile("tests/Shop.Domain.Tests/Shop.Domain.Tests.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsPackable>false</IsPackable>
                {testProperties}
              </PropertyGroup>
              <ItemGroup>
                {testPackage}
                <ProjectReference Include="../../src/Shop.Domain/Shop.Domain.csproj" />
              </ItemGroup>
            </Project>
            """);
        root.WriteFile("Shop.slnx", """
            <Solution>
              <Folder Name="/src/">
                <Project Path="src/Shop.Api/Shop.Api.csproj" />
                <Project Path="src/Shop.Domain/Shop.Domain.csproj" />
              </Folder>
              <Folder Name="/tests/">
                <Project Path="tests/Shop.Domain.Tests/Shop.Domain.Tests.csproj" />
              </Folder>
            </Solution>
            """);
        return root;
    }

    private static void WriteDomainTest(TestProjectRoot root, string usings, string classAttribute, string methodAttribute, string assertion) =>
        root.WriteFile("tests/Shop.Domain.Tests/PriceTests.cs", $$"""
            {{usings}}

            namespace Shop.Domain.Tests;

            {{classAttribute}}
            public sealed class PriceTests
            {
                {{methodAttribute}}
                public void Teapot_costs_41() => {{assertion}}
            }
            """);
}
