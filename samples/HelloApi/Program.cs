var app = WebApplication.CreateBuilder(args).Build();

app.MapGet("/", () => new
{
    message = "Hello from ContainerStages",
    user = Environment.UserName,
    framework = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
});

app.Run();
