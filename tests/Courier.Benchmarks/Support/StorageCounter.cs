using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Courier.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Benchmarks.Support;

/// <summary>
/// Counts what Courier asks of storage, as an Azure.Core pipeline policy on its Table and Blob clients: every request, every
/// entity write (an operation inside a transaction counts once, the transaction itself not at all) and every entity a read
/// returned. <see cref="Register"/> puts counting clients in a host; the stores resolve them instead of the default ones.
/// </summary>
public sealed class StorageCounter
{
    private long _requests;
    private long _entityWrites;
    private long _rowsRead;

    public long Requests => Interlocked.Read(ref _requests);

    public long EntityWrites => Interlocked.Read(ref _entityWrites);

    public long RowsRead => Interlocked.Read(ref _rowsRead);

    public Snapshot Take() => new(Requests, EntityWrites, RowsRead);

    public TableServiceClient CreateTableServiceClient(string connectionString)
    {
        var options = new TableClientOptions();
        options.AddPolicy(new Policy(this), HttpPipelinePosition.PerCall);
        return new TableServiceClient(connectionString, options);
    }

    public BlobServiceClient CreateBlobServiceClient(string connectionString)
    {
        var options = StorageClients.BlobOptions();
        options.AddPolicy(new Policy(this), HttpPipelinePosition.PerCall);
        return new BlobServiceClient(connectionString, options);
    }

    /// <summary>Registers counting clients; added after <c>AddCourierStorage</c>, the last registration is the one resolved.</summary>
    public void Register(IServiceCollection services, string connectionString)
    {
        services.AddSingleton(CreateTableServiceClient(connectionString));
        services.AddSingleton(CreateBlobServiceClient(connectionString));
    }

    /// <summary>Counters at one moment; <c>b - a</c> is what happened in between.</summary>
    public readonly record struct Snapshot(long Requests, long EntityWrites, long RowsRead)
    {
        public static Snapshot operator -(Snapshot a, Snapshot b) => new(a.Requests - b.Requests, a.EntityWrites - b.EntityWrites, a.RowsRead - b.RowsRead);
    }

    private sealed class Policy(StorageCounter counter) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var batch = Before(message);
            ProcessNext(message, pipeline);
            After(message, batch);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var batch = Before(message);
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            After(message, batch);
        }

        /// <summary>Counts the request and its entity writes; returns whether it is a transaction.</summary>
        private bool Before(HttpMessage message)
        {
            Interlocked.Increment(ref counter._requests);
            var request = message.Request;
            var path = request.Uri.Path;
            if (!IsTable(request)) return false;
            if (path.EndsWith("/$batch", StringComparison.Ordinal))
            {
                Interlocked.Add(ref counter._entityWrites, CountOperations(request));
                return true;
            }

            var method = request.Method;
            // Writes on an entity (or an insert into a table), not the creation or deletion of a table.
            var onTables = path.EndsWith("/Tables", StringComparison.Ordinal) || path.Contains("/Tables(", StringComparison.Ordinal);
            if (!onTables && (method == RequestMethod.Post || method == RequestMethod.Put || method == RequestMethod.Patch || method == RequestMethod.Delete || method.Method == "MERGE"))
                Interlocked.Increment(ref counter._entityWrites);
            return false;
        }

        private void After(HttpMessage message, bool batch)
        {
            if (batch || !IsTable(message.Request) || message.Request.Method != RequestMethod.Get || !message.HasResponse) return;
            var response = message.Response;
            if (response.Status != 200 || response.ContentStream is not MemoryStream content) return;
            var position = content.Position;
            try
            {
                using var json = JsonDocument.Parse(content.ToArray());
                var rows = json.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 1;
                Interlocked.Add(ref counter._rowsRead, rows);
            }
            catch (JsonException)
            {
            }
            finally
            {
                content.Position = position;
            }
        }

        /// <summary>Table requests carry the OData version header; blob requests never do.</summary>
        private static bool IsTable(Request request) => request.Headers.TryGetValue("DataServiceVersion", out _);

        /// <summary>The number of operations in a transaction's multipart body (one embedded HTTP request line each).</summary>
        private static int CountOperations(Request request)
        {
            if (request.Content is null) return 0;
            using var buffer = new MemoryStream();
            request.Content.WriteTo(buffer, CancellationToken.None);
            var text = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            var count = 0;
            for (var at = text.IndexOf(" HTTP/1.1", StringComparison.Ordinal); at >= 0; at = text.IndexOf(" HTTP/1.1", at + 1, StringComparison.Ordinal)) count++;
            return count;
        }
    }
}
