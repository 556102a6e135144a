using System.Net;
using FnrpcInterop.Shared;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

namespace FnrpcInterop.HttpApp;

/// <summary>The functions the host's interop tests and benchmark call, one behavior each.</summary>
public class Functions(ILogger<Functions> logger)
{
    /// <summary>The benchmark's function, as bench/apps/http-hello has it: GET or POST /api/hello.</summary>
    [Function("hello")]
    public HttpResponseData Hello([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post")] HttpRequestData req)
    {
        var response = req.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "text/plain; charset=utf-8");
        response.WriteString(Behaviors.HelloBody);
        return response;
    }

    /// <summary>A route parameter and a query parameter: GET /api/greet/{name}?greeting=Hi.</summary>
    [Function("Greet")]
    public HttpResponseData Greet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "greet/{name}")] HttpRequestData req,
        string name)
    {
        var response = req.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "text/plain; charset=utf-8");
        response.WriteString($"{req.Query["greeting"] ?? "Hello"}, {name}!");
        return response;
    }

    /// <summary>Echoes a JSON body with 201, the request's method and content type as headers.</summary>
    [Function("Echo")]
    public async Task<HttpResponseData> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
    {
        var response = req.CreateResponse(HttpStatusCode.Created);
        response.Headers.Add("x-echo-method", req.Method);
        response.Headers.Add(
            "x-echo-content-type",
            req.Headers.TryGetValues("Content-Type", out var types) ? string.Join(",", types) : "");
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteStringAsync(await Behaviors.EchoAsync(req.Body));
        return response;
    }

    /// <summary>Throws: the host answers 500 and logs the user exception.</summary>
    [Function("Fail")]
    public HttpResponseData Fail([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData req)
        => throw new InvalidOperationException("planned failure");

    /// <summary>Logs at every level through ILogger (?marker= ends each message).</summary>
    [Function("Log")]
    public HttpResponseData Log(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData req, FunctionContext context)
    {
        Behaviors.LogAtEveryLevel(logger, context, req.Query["marker"] ?? "none");
        var response = req.CreateResponse(HttpStatusCode.OK);
        response.WriteString("logged");
        return response;
    }

    /// <summary>Waits ?seconds= (default 60) for its CancellationToken; logs when it fires.</summary>
    [Function("Wait")]
    public async Task<HttpResponseData> Wait(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData req, CancellationToken cancellationToken)
    {
        await Behaviors.WaitAsync(logger, req.Query["seconds"], req.Query["marker"] ?? "none", cancellationToken);
        var response = req.CreateResponse(HttpStatusCode.OK);
        response.WriteString("waited");
        return response;
    }
}
