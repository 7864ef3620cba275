using ContainerStages.Inputs;
using ContainerStages.Planning;
using ContainerStages.Stacks.Node;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Stacks.Node;

[TestClass]
public sealed class SpaPlannerTests
{
    private static ContainerSettings Settings(string? spaRoot, string? output = null) =>
        new() { DockerfilePath = "Dockerfile", Target = "runtime", SpaRoot = spaRoot, SpaOutput = output };

    [TestMethod]
    public void Plan_NoSpaRoot_IsNull() => Assert.IsNull(SpaPlanner.Plan(Settings(null), "/ctx"));

    [TestMethod]
    public void Plan_FrontEndWithLockFileAndNvmrc_ResolvesStageAndInputs()
    {
        using var tree = new TempTree();
        tree.WriteFile("src/App/ClientApp/package.json", """{ "scripts": { "build": "vite build" } }""");
        tree.WriteFile("src/App/ClientApp/package-lock.json", "{}");
        tree.WriteFile("src/App/ClientApp/.nvmrc", "lts/jod\n");

        var (spec, inputs) = SpaPlanner.Plan(Settings(tree.FullPath("src/App/ClientApp"), "build/"), tree.Root)!.Value;

        Assert.AreEqual("src/App/ClientApp", spec.Directory);
        Assert.AreEqual("node:22-bookworm", spec.Image);
        Assert.AreEqual("build", spec.OutputPath);
        Assert.AreEqual("npm ci", spec.Commands.Install);
        CollectionAssert.AreEqual(new[] { "src/App/ClientApp/package-lock.json", "src/App/ClientApp/package.json", "src/App/ClientApp/.nvmrc" }, inputs.ToArray());
    }

    [TestMethod]
    [DataRow("@angular-devkit/build-angular:application", "\"dist\"", "dist/browser")]
    [DataRow("@angular/build:application", "\"dist/shop/\"", "dist/shop/browser")]
    [DataRow("@angular/build:application", "{ \"base\": \"out\", \"browser\": \"\" }", "out")]
    [DataRow("@angular/build:application", "{ \"base\": \"out\" }", "out/browser")]
    [DataRow("@angular-devkit/build-angular:browser", "\"dist/shop\"", "dist/shop")]
    public void Plan_AngularFrontEnd_TakesItsOutputFromAngularJson(string builder, string outputPath, string expected)
    {
        // The ASP.NET Core Angular template (Angular 17+): the application builder serves <outputPath>/browser.
        using var tree = new TempTree();
        tree.WriteFile("ClientApp/package.json", """{ "scripts": { "build": "ng build" } }""");
        tree.WriteFile("ClientApp/angular.json", $$"""
            { "version": 1, "projects": {
                "lib": { "projectType": "library", "architect": { "build": { "builder": "@angular/build:ng-packagr", "options": { "outputPath": "dist/lib" } } } },
                "shop": { "projectType": "application", "architect": { "build": { "builder": "{{builder}}", "options": { "outputPath": {{outputPath}} } } } } } }
            """);

        Assert.AreEqual(expected, SpaPlanner.Plan(Settings(tree.FullPath("ClientApp")), tree.Root)!.Value.Spec.OutputPath);
        Assert.AreEqual("build", SpaPlanner.Plan(Settings(tree.FullPath("ClientApp"), "build"), tree.Root)!.Value.Spec.OutputPath, "ContainerStagesSpaOutput wins.");
    }

    [TestMethod]
    public void Plan_FolderWithoutPackageJson_OrWithoutBuildScript_IsRefused()
    {
        using var tree = new TempTree();
        tree.CreateFolder("ClientApp");
        Assert.AreEqual("SpaPackageJsonMissing", Assert.ThrowsExactly<ContainerStagesException>(() => SpaPlanner.Plan(Settings(tree.FullPath("ClientApp")), tree.Root)).ResourceName);

        tree.WriteFile("ClientApp/package.json", """{ "scripts": { "test": "vitest" } }""");
        Assert.AreEqual("SpaBuildScriptMissing", Assert.ThrowsExactly<ContainerStagesException>(() => SpaPlanner.Plan(Settings(tree.FullPath("ClientApp")), tree.Root)).ResourceName);
    }
}
