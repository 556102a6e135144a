using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FnrpcInterop.AspNetApp;

/// <summary>The HttpApp's functions on ASP.NET Core types; the worker answers the forwarded request itself.</summary>
public class Functions(ILogger<Functions> logger)
{
    /// <summary>A route parameter and a query parameter: GET /api/hello/{name}?greeting=Hi.</summary>
    [Function("Hello")]
    public IActionResult Hello(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hello/{name}")] HttpRequest req, string name)
    {
        var greeting = req.Query["greeting"].FirstOrDefault() ?? "Hello";
        return new ContentResult { Content = $"{greeting}, {name}!", ContentType = "text/plain; charset=utf-8" };
    }

    /// <summary>Echoes a JSON body with 201, the request's content type and a header of its own.</summary>
    [Function("Echo")]
    public async Task<IActionResult> Echo([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequest req)
    {
        using var body = await JsonDocument.ParseAsync(req.Body);
        req.HttpContext.Response.Headers["x-echo-method"] = req.Method;
        req.HttpContext.Response.Headers["x-echo-content-type"] = req.ContentType ?? "";
        return new ContentResult
        {
            StatusCode = StatusCodes.Status201Created,
            ContentType = "application/json; charset=utf-8",
            Content = JsonSerializer.Serialize(new { received = body.RootElement }),
        };
    }

    /// <summary>Throws: the worker answers the forwarded request with 500.</summary>
    [Function("Fail")]
    public IActionResult Fail([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest req)
        => throw new InvalidOperationException("planned failure");

    /// <summary>Logs at every level through ILogger, under the class's category and a named one.</summary>
    [Function("Log")]
    public IActionResult Log([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest req, FunctionContext context)
    {
        var marker = req.Query["marker"].FirstOrDefault() ?? "none";
        logger.LogTrace("trace {Marker}", marker);
        logger.LogDebug("debug {Marker}", marker);
        logger.LogInformation("information {Marker}", marker);
        logger.LogWarning("warning {Marker}", marker);
        logger.LogError(new InvalidOperationException("logged exception"), "error {Marker}", marker);
        context.GetLogger("Interop.Custom").LogCritical("critical {Marker}", marker);
        return new OkObjectResult("logged");
    }

    /// <summary>Waits up to ?seconds= (default 60) for its CancellationToken; logs whether it was cancelled.</summary>
    [Function("Wait")]
    public async Task<IActionResult> Wait(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest req, CancellationToken cancellationToken)
    {
        var seconds = int.TryParse(req.Query["seconds"], out var value) ? value : 60;
        var marker = req.Query["marker"].FirstOrDefault() ?? "none";
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("wait cancelled {Marker}", marker);
            throw;
        }
        return new OkObjectResult("waited");
    }
}
