using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Courier.Storage.Tests.Support;

/// <summary>A pipeline policy that counts requests and the entities query responses return, so tests can check what a read touched.</summary>
internal sealed class RequestCounter : HttpPipelinePolicy
{
    private int _requests;
    private int _entitiesRead;
    private int _tableCreations;

    public int Requests => Volatile.Read(ref _requests);

    public int EntitiesRead => Volatile.Read(ref _entitiesRead);

    public int TableCreations => Volatile.Read(ref _tableCreations);

    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _entitiesRead, 0);
        Interlocked.Exchange(ref _tableCreations, 0);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Count(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Count(message);
    }

    private void Count(HttpMessage message)
    {
        Interlocked.Increment(ref _requests);
        var path = message.Request.Uri.Path;
        if (message.Request.Method == RequestMethod.Post && path.EndsWith("/Tables", StringComparison.Ordinal)) Interlocked.Increment(ref _tableCreations);
        if (message.Request.Method != RequestMethod.Get || message.Response.ContentStream is not { CanSeek: true } body) return;
        var position = body.Position;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                Interlocked.Add(ref _entitiesRead, value.GetArrayLength());
            else if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("PartitionKey", out _))
                Interlocked.Increment(ref _entitiesRead);
        }
        catch (JsonException)
        {
            // Not a JSON entity response.
        }
        finally
        {
            body.Position = position;
        }
    }
}
