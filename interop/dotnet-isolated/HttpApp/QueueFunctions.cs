using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace FnrpcInterop.HttpApp;

/// <summary>A storage queue trigger with a queue output, on the app's AzureWebJobsStorage connection.</summary>
public class QueueFunctions
{
    /// <summary>
    /// Relays each message of `dotnet-in` to `dotnet-out` as JSON with the trigger metadata it arrived with
    /// (Id, DequeueCount), so a test sees both the binding data and the output binding work.
    /// </summary>
    [Function("QueueRelay")]
    [QueueOutput("dotnet-out")]
    public string QueueRelay([QueueTrigger("dotnet-in")] string message, FunctionContext context)
    {
        var data = context.BindingContext.BindingData;
        return JsonSerializer.Serialize(new
        {
            message,
            id = Metadata(data, "Id"),
            dequeueCount = Metadata(data, "DequeueCount"),
        });
    }

    /// <summary>A binding data value as text; the worker keeps the key as the host spelled it.</summary>
    private static string? Metadata(IReadOnlyDictionary<string, object?> data, string key)
    {
        foreach (var (name, value) in data)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase)) return Convert.ToString(value);
        }
        return null;
    }
}
