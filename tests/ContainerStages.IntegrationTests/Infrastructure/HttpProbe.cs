namespace ContainerStages.IntegrationTests.Infrastructure;

public static class HttpProbe
{
    /// <summary>The published host port of a container's port, as the engine reports it.</summary>
    public static int HostPort(string container, int containerPort)
    {
        var port = DockerCli.Run("port", container, $"{containerPort}/tcp");
        Assert.IsTrue(port.Succeeded, port.ToString());
        string first = port.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
        return int.Parse(first[(first.LastIndexOf(':') + 1)..]);
    }

    /// <summary>GETs the URL until the app answers (it needs a moment to start, longer on a busy machine), for at most 90 s.</summary>
    public static async Task<(int Status, string Body)> GetAsync(string url, string container)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync(url);
                return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e;
                await Task.Delay(500);
            }
        }

        Assert.Fail($"{url} did not answer within 90 s: {last?.Message}\n{DockerCli.Run("logs", container)}");
        return default;
    }
}
