using FnrpcInterop.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FnrpcInterop.AspNetApp;

/// <summary>The HttpApp's functions on ASP.NET Core types; the worker answers the forwarded request itself.</summary>
public class Functions(ILogger<Functions> logger)
{
    /// <summary>The benchmark's function, as bench/apps/http-hello has it: GET or POST /api/hello.</summary>
    [Function("hello")]
    public IActionResult Hello([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post")] HttpRequest req)
        => Text(Behaviors.HelloBody);

    /// <summary>A route parameter and a query parameter: GET /api/greet/{name}?greeting=Hi.</summary>
    [Function("Greet")]
    public IActionResult Greet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "greet/{name}")] HttpRequest req, string name)
        => Text($"{req.Query["greeting"].FirstOrDefault() ?? "Hello"}, {name}!");

    /// <summary>Echoes a JSON body with 201, the request's method and content type as headers.</summary>
    [Function("Echo")]
    public async Task<IActionResult> Echo([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequest req)
    {
        req.HttpContext.Response.Headers["x-echo-method"] = req.Method;
        req.HttpContext.Response.Headers["x-echo-content-type"] = req.ContentType ?? "";
        return new ContentResult
        {
            StatusCode = StatusCodes.Status201Created,
            ContentType = "application/json; charset=utf-8",
            Content = await Behaviors.EchoAsync(req.Body),
        };
    }

    /// <summary>Throws: the invocation fails (see the host's tests for what the client gets).</summary>
    [Function("Fail")]
    public IActionResult Fail([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest req)
        => throw new InvalidOperationException("planned failure");

    /// <summary>Logs at every level through ILogger (?marker= ends each message).</summary>
    [Function("Log")]
    public IActionResult Log([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest req, FunctionContext context)
    {
        Behaviors.LogAtEveryLevel(logger, context, req.Query["marker"].FirstOrDefault() ?? "none");
        return Text("logged");
    }

    /// <summary>Waits ?seconds= (default 60) for its CancellationToken; logs when it fires.</summary>
    [Function("Wait")]
    public async Task<IActionResult> Wait(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest req, CancellationToken cancellationToken)
    {
        var marker = req.Query["marker"].FirstOrDefault() ?? "none";
        await Behaviors.WaitAsync(logger, req.Query["seconds"].FirstOrDefault(), marker, cancellationToken);
        return Text("waited");
    }

    private static ContentResult Text(string text)
        => new() { Content = text, ContentType = "text/plain; charset=utf-8" };
}
