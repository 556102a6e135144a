// The conformance kit's functions; names and behaviour are the contract in the testkit README.
using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

public class KitFunctions
{
    [Function("hello")]
    public async Task<HttpResponseData> Hello(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "hello")] HttpRequestData req)
    {
        var name = req.Query["name"];
        if (string.IsNullOrEmpty(name)) name = await req.ReadAsStringAsync();
        if (string.IsNullOrEmpty(name)) name = "world";
        return await Text(req, HttpStatusCode.OK, $"Hello, {name}!");
    }

    [Function("echo")]
    public async Task<HttpResponseData> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "echo/{category}/{id}")] HttpRequestData req,
        string category,
        string id)
    {
        var seen = new Dictionary<string, object?>
        {
            ["method"] = req.Method,
            ["query"] = req.Query.AllKeys.Where(k => k != null).ToDictionary(k => k!, k => req.Query[k]),
            ["headers"] = req.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value)),
            ["params"] = new Dictionary<string, string> { ["category"] = category, ["id"] = id },
        };
        var response = req.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/json");
        await response.WriteStringAsync(JsonSerializer.Serialize(seen));
        return response;
    }

    [Function("body")]
    public async Task<HttpResponseData> Body(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "body")] HttpRequestData req)
    {
        using var buffer = new MemoryStream();
        await req.Body.CopyToAsync(buffer);
        var response = req.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/octet-stream");
        await response.WriteBytesAsync(buffer.ToArray());
        return response;
    }

    [Function("respond")]
    public async Task<HttpResponseData> Respond(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "respond")] HttpRequestData req)
    {
        var response = req.CreateResponse(HttpStatusCode.Created);
        response.Headers.Add("x-kit", "yes");
        response.Cookies.Append(new HttpCookie("kit", "1") { Path = "/", HttpOnly = true });
        await response.WriteStringAsync("created");
        return response;
    }

    [Function("fail")]
    public HttpResponseData Fail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "fail")] HttpRequestData req) =>
        throw new InvalidOperationException("kit failure");

    [Function("logs")]
    public async Task<HttpResponseData> Logs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "logs")] HttpRequestData req,
        FunctionContext context)
    {
        var logger = context.GetLogger("logs");
        logger.LogInformation("kit log 1");
        logger.LogWarning("kit log 2");
        return await Text(req, HttpStatusCode.OK, "logged");
    }

    [Function("slow")]
    public async Task<HttpResponseData> Slow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "slow")] HttpRequestData req,
        CancellationToken cancellation)
    {
        var ms = int.TryParse(req.Query["ms"], out var value) ? value : 1000;
        await Task.Delay(ms, cancellation);
        return await Text(req, HttpStatusCode.OK, "done");
    }

    [Function("timer")]
    public void Timer([TimerTrigger("0 0 0 1 1 *")] TimerInfo timer, FunctionContext context) =>
        context.GetLogger("timer").LogInformation($"timer ran, isPastDue={timer.IsPastDue.ToString().ToLowerInvariant()}");

    [Function("queue")]
    public void Queue(
        [QueueTrigger("kit-items", Connection = "AzureWebJobsStorage")] string item,
        FunctionContext context)
    {
        var dequeueCount = context.BindingContext.BindingData["DequeueCount"];
        context.GetLogger("queue").LogInformation($"queue got {item} dequeueCount={dequeueCount}");
    }

    private static async Task<HttpResponseData> Text(HttpRequestData req, HttpStatusCode status, string text)
    {
        var response = req.CreateResponse(status);
        response.Headers.Add("Content-Type", "text/plain; charset=utf-8");
        await response.WriteStringAsync(text);
        return response;
    }
}
