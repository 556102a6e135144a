using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FnrpcInterop.Shared;

/// <summary>What both apps' functions do, whatever HTTP model carries their requests.</summary>
public static class Behaviors
{
    /// <summary>What the benchmark's hello function answers (bench/src/hello-body.ts).</summary>
    public const string HelloBody = "Hello, world!";

    /// <summary>Logs at every level: through the function class's logger, and Critical under a named category.</summary>
    public static void LogAtEveryLevel(ILogger logger, FunctionContext context, string marker)
    {
        logger.LogTrace("trace {Marker}", marker);
        logger.LogDebug("debug {Marker}", marker);
        logger.LogInformation("information {Marker}", marker);
        logger.LogWarning("warning {Marker}", marker);
        logger.LogError(new InvalidOperationException("logged exception"), "error {Marker}", marker);
        context.GetLogger("Interop.Custom").LogCritical("critical {Marker}", marker);
    }

    /// <summary>Waits `seconds` (default 60) unless the token fires first; logs when it starts and when it is cancelled.</summary>
    public static async Task WaitAsync(ILogger logger, string? seconds, string marker, CancellationToken token)
    {
        logger.LogInformation("wait started {Marker}", marker);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(int.TryParse(seconds, out var value) ? value : 60), token);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("wait cancelled {Marker}", marker);
            throw;
        }
    }

    /// <summary>The Echo function's answer: the request's JSON body under "received".</summary>
    public static async Task<string> EchoAsync(Stream body)
    {
        using var json = await JsonDocument.ParseAsync(body);
        return JsonSerializer.Serialize(new { received = json.RootElement });
    }
}
