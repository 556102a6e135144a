using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

namespace FnrpcInterop.HttpApp;

/// <summary>The functions the host's interop tests and benchmark call, one behaviour each.</summary>
public class Functions(ILogger<Functions> logger)
{
    /// <summary>A route parameter and a query parameter: GET /api/hello/{name}?greeting=Hi.</summary>
    [Function("Hello")]
    public HttpResponseData Hello(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hello/{name}")] HttpRequestData req,
        string name)
    {
        var greeting = req.Query["greeting"] ?? "Hello";
        var response = req.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "text/plain; charset=utf-8");
        response.WriteString($"{greeting}, {name}!");
        return response;
    }

    /// <summary>Echoes a JSON body with 201, the request's content type and a header of its own.</summary>
    [Function("Echo")]
    public async Task<HttpResponseData> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
    {
        using var body = await JsonDocument.ParseAsync(req.Body);
        var response = req.CreateResponse(HttpStatusCode.Created);
        response.Headers.Add("x-echo-method", req.Method);
        response.Headers.Add("x-echo-content-type", req.Headers.TryGetValues("Content-Type", out var types)
            ? string.Join(",", types)
            : "");
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteStringAsync(JsonSerializer.Serialize(new { received = body.RootElement }));
        return response;
    }

    /// <summary>Throws: the host answers 500 and logs the user exception.</summary>
    [Function("Fail")]
    public HttpResponseData Fail([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData req)
        => throw new InvalidOperationException("planned failure");

    /// <summary>Logs at every level through ILogger, under the class's category and a named one.</summary>
    [Function("Log")]
    public HttpResponseData Log(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData req, FunctionContext context)
    {
        var marker = req.Query["marker"] ?? "none";
        logger.LogTrace("trace {Marker}", marker);
        logger.LogDebug("debug {Marker}", marker);
        logger.LogInformation("information {Marker}", marker);
        logger.LogWarning("warning {Marker}", marker);
        logger.LogError(new InvalidOperationException("logged exception"), "error {Marker}", marker);
        context.GetLogger("Interop.Custom").LogCritical("critical {Marker}", marker);
        var response = req.CreateResponse(HttpStatusCode.OK);
        response.WriteString("logged");
        return response;
    }

    /// <summary>Waits up to ?seconds= (default 60) for its CancellationToken; logs whether it was cancelled.</summary>
    [Function("Wait")]
    public async Task<HttpResponseData> Wait(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData req, CancellationToken cancellationToken)
    {
        var seconds = int.TryParse(req.Query["seconds"], out var value) ? value : 60;
        var marker = req.Query["marker"] ?? "none";
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("wait cancelled {Marker}", marker);
            throw;
        }
        var response = req.CreateResponse(HttpStatusCode.OK);
        response.WriteString("waited");
        return response;
    }
}
