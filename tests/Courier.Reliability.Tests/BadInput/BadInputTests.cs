using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Courier.Hosting.Catalog;
using Courier.Reliability.Tests.Inputs;
using Courier.Reliability.Tests.Report;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;

namespace Courier.Reliability.Tests.BadInput;

/// <summary>
/// Every HTTP function of the catalog against a generated corpus of malformed requests, on a host with all six jobs over
/// Azurite: each answers 4xx with an RFC 7807 problem body, never 5xx, and nothing in storage changes.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class BadInputTests(ReliabilityReport report) : SandboxedTest
{

    [Fact]
    public void Corpus_EveryHttpFunctionOfTheCatalog_HasMalformedRequestsOrARecordedReasonWhyNot()
    {
        var uncovered = JobCatalog.HttpFunctions.Where(e => !BadInputCorpus.Covers(e)).Select(e => e.Name).ToList();
        Assert.True(uncovered.Count == 0, "no bad-input corpus for: " + string.Join(", ", uncovered));
        Assert.All(BadInputCorpus.WithoutInput.Keys, name => Assert.NotNull(JobCatalog.Find(name)));
        Assert.All(JobCatalog.HttpFunctions.Where(e => !BadInputCorpus.WithoutInput.ContainsKey(e.Name) && !(e.Role == FunctionRole.Twin && e.Parameters.Count == 0)), e => Assert.NotEmpty(BadInputCorpus.For(e)));
    }

    [Fact]
    public async Task MalformedRequests_EveryApi_Answer4xxProblemAndStoreNothing()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        await using var host = await AllJobsHost.StartAsync(Azurite, Sandbox, prefix);
        var failures = new List<string>();
        foreach (var entry in JobCatalog.HttpFunctions.Where(e => !BadInputCorpus.WithoutInput.ContainsKey(e.Name)))
        {
            var corpus = BadInputCorpus.For(entry);
            if (corpus.Count == 0) continue;
            var before = await StorageSnapshot.TakeAsync(Azurite, prefix);
            int rejected = 0, serverErrors = 0;
            foreach (var bad in corpus)
            {
                using var response = await host.Client.SendAsync(Build(entry, bad));
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status >= 500) serverErrors++;
                if (status is >= 400 and < 500 && IsProblem(response, text)) rejected++;
                else failures.Add($"{entry.Name} {bad.Method} {bad.What}: {status} {response.Content.Headers.ContentType} {(text.Length > 200 ? text[..200] : text)}");
            }

            var after = await StorageSnapshot.TakeAsync(Azurite, prefix);
            var changed = after.Split('\n').Except(before.Split('\n')).ToList();
            var stored = changed.Count;
            if (stored > 0) failures.Add($"{entry.Name}: storage changed: " + string.Join(" / ", changed.Take(3).Select(l => l.Length > 160 ? l[..160] : l)));
            report.Record(new BadInputRow($"{string.Join("/", entry.Methods)} /{entry.Route}", corpus.Count, rejected, serverErrors, stored, Notes(corpus)));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} malformed requests were not refused with a 4xx problem:\n" + string.Join("\n", failures.Take(60)));
    }

    private static string Notes(IReadOnlyList<BadRequest> corpus)
    {
        var kinds = new List<string>();
        if (corpus.Any(c => c.Body is not null && c.What.StartsWith("body", StringComparison.Ordinal))) kinds.Add("non-JSON and broken bodies");
        if (corpus.Any(c => c.What.StartsWith("content type", StringComparison.Ordinal))) kinds.Add("wrong content types");
        if (corpus.Any(c => c.What.Contains("missing", StringComparison.Ordinal))) kinds.Add("missing, mistyped, huge and unknown fields");
        if (corpus.Any(c => c.What.Contains(" = '", StringComparison.Ordinal))) kinds.Add("invalid dates");
        if (corpus.Any(c => c.Query is not null)) kinds.Add("bad query values");
        if (corpus.Any(c => c.PathValue != "a1")) kinds.Add("unknown or junk route values");
        return string.Join("; ", kinds);
    }

    private static bool IsProblem(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return false;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("status", out _) && doc.RootElement.TryGetProperty("title", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static HttpRequestMessage Build(CatalogEntry entry, BadRequest bad)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(entry.Path, @"\{[^}]+\}", bad.PathValue);
        var request = new HttpRequestMessage(new HttpMethod(bad.Method), path + (bad.Query is null ? "" : "?" + bad.Query));
        if (entry.Auth.SecretSetting is { } setting)
        {
            var secret = TestSecrets.Of(setting);
            if (entry.Auth.HeaderName is { } header) request.Headers.TryAddWithoutValidation(header, secret);
            else request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        if (bad.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(bad.Body));
            if (bad.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", bad.ContentType);
        }

        return request;
    }
}
