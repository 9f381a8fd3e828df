using System.Net;
using System.Text.Json;
using Courier.Core.Errors;
using Courier.Providers.Sheets;
using Microsoft.Extensions.Logging.Testing;

namespace Courier.Providers.Tests.Sheets;

public sealed class SheetsClientTests : IDisposable
{
    private const string SpreadsheetId = "1AbC-dEf_123";
    private readonly SheetsTestServices s = new();

    public void Dispose() => s.Dispose();

    private FakeGoogleHandler Fake => s.Handler;

    private void Answer(HttpStatusCode status, string body, Action<HttpResponseMessage>? headers = null) =>
        Fake.Sheets = (_, _) =>
        {
            var response = FakeGoogleHandler.Json(status, body);
            headers?.Invoke(response);
            return Task.FromResult(response);
        };

    [Fact]
    public async Task BatchUpdateAsync_TwoRanges_PostsGoogleBodyAndReturnsUpdatedRanges()
    {
        Answer(HttpStatusCode.OK, """
            {"spreadsheetId":"1AbC-dEf_123","totalUpdatedRows":2,"totalUpdatedColumns":3,"totalUpdatedCells":4,"totalUpdatedSheets":1,
             "responses":[{"spreadsheetId":"1AbC-dEf_123","updatedRange":"'Bob''s'!A2:C2","updatedRows":1,"updatedColumns":3,"updatedCells":3},
                          {"spreadsheetId":"1AbC-dEf_123","updatedRange":"'Bob''s'!A5","updatedRows":1,"updatedColumns":1,"updatedCells":1}]}
            """);

        var ranges = await s.Client.BatchUpdateAsync(s.Credentials, SpreadsheetId,
            [("'Bob''s'!A2:C2", [["a", 1, true]]), ("'Bob''s'!A5", [[12.5m]])], CancellationToken.None);

        Assert.Equal(["'Bob''s'!A2:C2", "'Bob''s'!A5"], ranges);
        var call = Assert.Single(Fake.SheetsCalls);
        Assert.Equal(HttpMethod.Post, call.Method);
        Assert.Equal("https://sheets.test/v4/spreadsheets/1AbC-dEf_123/values:batchUpdate", call.Uri.AbsoluteUri);
        Assert.Equal("Bearer ya29.fake-token-1", call.Authorization);
        Assert.Equal("application/json", call.ContentType);
        Assert.Equal(
            """{"valueInputOption":"RAW","data":[{"range":"'Bob''s'!A2:C2","majorDimension":"ROWS","values":[["a",1,true]]},{"range":"'Bob''s'!A5","majorDimension":"ROWS","values":[[12.5]]}]}""",
            call.Body);
    }

    [Fact]
    public async Task BatchUpdateAsync_NoRanges_NoCall()
    {
        Assert.Empty(await s.Client.BatchUpdateAsync(s.Credentials, SpreadsheetId, [], CancellationToken.None));
        Assert.Empty(Fake.SheetsCalls);
        Assert.Empty(Fake.TokenCalls);
    }

    [Fact]
    public async Task AppendAsync_QuotedRange_EncodedPathRawInsertRowsAndRowNumbers()
    {
        Answer(HttpStatusCode.OK, """
            {"spreadsheetId":"1AbC-dEf_123","tableRange":"'Bob''s'!A1:F10",
             "updates":{"spreadsheetId":"1AbC-dEf_123","updatedRange":"'Bob''s'!A11:F12","updatedRows":2,"updatedColumns":6,"updatedCells":12}}
            """);

        var result = await s.Client.AppendAsync(s.Credentials, SpreadsheetId, SheetsA1.Range("Bob's", "A:F"),
            [["key-1", "x", null, false, 3, "=SUM(A1)"], ["key-2", "y", "", true, 4.25, "z"]], CancellationToken.None);

        Assert.Equal(new SheetsAppendResult("'Bob''s'!A11:F12", 11, 12), result);
        var call = Assert.Single(Fake.SheetsCalls);
        Assert.Equal(HttpMethod.Post, call.Method);
        Assert.Equal("https://sheets.test/v4/spreadsheets/1AbC-dEf_123/values/%27Bob%27%27s%27%21A%3AF:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS", call.Uri.AbsoluteUri);
        Assert.Equal(
            """{"majorDimension":"ROWS","values":[["key-1","x",null,false,3,"=SUM(A1)"],["key-2","y","",true,4.25,"z"]]}""",
            call.Body);
    }

    [Fact]
    public async Task AppendAsync_NoTableYet_RowNumbersFromUpdatedRange()
    {
        Answer(HttpStatusCode.OK, """{"spreadsheetId":"x","updates":{"spreadsheetId":"x","updatedRange":"Sheet1!A1:D1","updatedRows":1}}""");

        var result = await s.Client.AppendAsync(s.Credentials, SpreadsheetId, "Sheet1!A:D", [["a"]], CancellationToken.None);

        Assert.Equal((1, 1), (result.FirstRow, result.LastRow));
    }

    [Fact]
    public async Task AppendAsync_200WithoutUpdatedRange_UnknownOutcome()
    {
        Answer(HttpStatusCode.OK, """{"spreadsheetId":"x"}""");

        var e = await Assert.ThrowsAsync<ProviderException>(() => s.Client.AppendAsync(s.Credentials, SpreadsheetId, "Sheet1!A:D", [["a"]], CancellationToken.None));

        Assert.Equal(ErrorClass.UnknownOutcome, e.Error.Class);
        Assert.Equal("invalid_response", e.Error.Code);
    }

    [Fact]
    public async Task BatchClearAsync_Ranges_PostsRangesAndReturnsCleared()
    {
        Answer(HttpStatusCode.OK, """{"spreadsheetId":"1AbC-dEf_123","clearedRanges":["'Leads 2025'!B3:D3","'Leads 2025'!B9:D9"]}""");

        var cleared = await s.Client.BatchClearAsync(s.Credentials, SpreadsheetId, ["'Leads 2025'!B3:D3", "'Leads 2025'!B9:D9"], CancellationToken.None);

        Assert.Equal(["'Leads 2025'!B3:D3", "'Leads 2025'!B9:D9"], cleared);
        var call = Assert.Single(Fake.SheetsCalls);
        Assert.Equal("https://sheets.test/v4/spreadsheets/1AbC-dEf_123/values:batchClear", call.Uri.AbsoluteUri);
        Assert.Equal("""{"ranges":["'Leads 2025'!B3:D3","'Leads 2025'!B9:D9"]}""", call.Body);
    }

    [Fact]
    public async Task GetAsync_Range_GetsEncodedPathAndParsesValues()
    {
        Answer(HttpStatusCode.OK, """{"range":"'Leads 2025'!A1:C3","majorDimension":"ROWS","values":[["Key","Name","Paid"],["k1","Ann","TRUE"],["k2"]]}""");

        var values = await s.Client.GetAsync(s.Credentials, SpreadsheetId, "'Leads 2025'!A1:C3", CancellationToken.None);

        Assert.Equal(3, values.Count);
        Assert.Equal(["Key", "Name", "Paid"], values[0]);
        Assert.Equal(["k2"], values[2]);
        var call = Assert.Single(Fake.SheetsCalls);
        Assert.Equal(HttpMethod.Get, call.Method);
        Assert.Equal("https://sheets.test/v4/spreadsheets/1AbC-dEf_123/values/%27Leads%202025%27%21A1%3AC3", call.Uri.AbsoluteUri);
        Assert.Equal("", call.Body);
    }

    [Fact]
    public async Task GetAsync_EmptyRange_NoValues()
    {
        Answer(HttpStatusCode.OK, """{"range":"Sheet1!A1:C3","majorDimension":"ROWS"}""");

        Assert.Empty(await s.Client.GetAsync(s.Credentials, SpreadsheetId, "Sheet1!A1:C3", CancellationToken.None));
    }

    [Fact]
    public async Task BatchUpdateAsync_429WithRetryAfter_RateLimitedForThatLong()
    {
        Answer((HttpStatusCode)429, FakeGoogleHandler.GoogleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Write requests'"),
            r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(17)));

        var e = await Assert.ThrowsAsync<ProviderException>(() => UpdateOne());

        Assert.Equal(ProviderError.RateLimited("RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Write requests'", TimeSpan.FromSeconds(17)), e.Error);
        Assert.Single(Fake.SheetsCalls);
    }

    [Fact]
    public async Task BatchUpdateAsync_429WithoutRetryAfter_RateLimitedAMinute()
    {
        Answer((HttpStatusCode)429, FakeGoogleHandler.GoogleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded"));

        var e = await Assert.ThrowsAsync<ProviderException>(() => UpdateOne());

        Assert.Equal(ErrorClass.RateLimited, e.Error.Class);
        Assert.Equal(TimeSpan.FromSeconds(60), e.Error.RetryAfter);
    }

    [Theory]
    [InlineData(500, "INTERNAL", ErrorClass.Transient, null)]
    [InlineData(503, "UNAVAILABLE", ErrorClass.Transient, null)]
    [InlineData(400, "INVALID_ARGUMENT", ErrorClass.Permanent, null)]
    [InlineData(403, "PERMISSION_DENIED", ErrorClass.Permanent, SheetsAccountReasons.PermissionDenied)]
    [InlineData(404, "NOT_FOUND", ErrorClass.Permanent, SheetsAccountReasons.SpreadsheetNotFound)]
    public async Task BatchUpdateAsync_GoogleError_ClassifiedWithStatusAndMessage(int status, string googleStatus, ErrorClass expected, string? holdReason)
    {
        Answer((HttpStatusCode)status, FakeGoogleHandler.GoogleError(status, googleStatus, "Unable to parse range: Nope!A1"));

        var e = await Assert.ThrowsAsync<ProviderException>(() => UpdateOne());

        Assert.Equal(expected, e.Error.Class);
        Assert.Equal(googleStatus, e.Error.Code);
        Assert.Equal("Unable to parse range: Nope!A1", e.Error.Message);
        Assert.Equal(holdReason, e.Error.HoldReason);

        // A POST is never repeated in-process, not even after a 503.
        Assert.Single(Fake.SheetsCalls);
    }

    [Fact]
    public async Task GetAsync_503_RetriedInProcessThenTransient()
    {
        Answer(HttpStatusCode.ServiceUnavailable, "<html>busy</html>");

        var e = await Assert.ThrowsAsync<ProviderException>(() => s.Client.GetAsync(s.Credentials, SpreadsheetId, "A1:B2", CancellationToken.None));

        Assert.Equal(ProviderError.Transient("http_503", "Google Sheets answered HTTP 503."), e.Error);
        Assert.Equal(3, Fake.SheetsCalls.Count);
    }

    [Fact]
    public async Task BatchUpdateAsync_401Once_NewTokenAndSucceeds()
    {
        var calls = 0;
        Fake.Sheets = (_, _) => Task.FromResult(Interlocked.Increment(ref calls) == 1
            ? FakeGoogleHandler.Json(HttpStatusCode.Unauthorized, FakeGoogleHandler.GoogleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."))
            : FakeGoogleHandler.Json(HttpStatusCode.OK, """{"responses":[{"updatedRange":"Sheet1!A2"}]}"""));

        Assert.Equal(["Sheet1!A2"], await UpdateOne());

        Assert.Equal(["Bearer ya29.fake-token-1", "Bearer ya29.fake-token-2"], Fake.SheetsCalls.Select(c => c.Authorization));
        Assert.Equal(2, Fake.TokenCalls.Count);
    }

    [Fact]
    public async Task BatchUpdateAsync_401Twice_PermanentCredentialsRejected()
    {
        Answer(HttpStatusCode.Unauthorized, FakeGoogleHandler.GoogleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."));

        var e = await Assert.ThrowsAsync<ProviderException>(() => UpdateOne());

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("UNAUTHENTICATED", e.Error.Code);
        Assert.Equal(SheetsAccountReasons.CredentialsRejected, e.Error.HoldReason);
        Assert.Equal(2, Fake.SheetsCalls.Count);
        Assert.Equal(2, Fake.TokenCalls.Count);
    }

    [Fact]
    public async Task AppendAsync_TimeoutAfterSending_UnknownOutcome()
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Fake.Sheets = async (_, ct) =>
        {
            reached.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        };

        var append = s.Client.AppendAsync(s.Credentials, SpreadsheetId, "Sheet1!A:B", [["a", "b"]], CancellationToken.None);
        await reached.Task;
        s.Time.Advance(TimeSpan.FromSeconds(61));
        var e = await Assert.ThrowsAsync<ProviderException>(() => append);

        Assert.Equal(ErrorClass.UnknownOutcome, e.Error.Class);
        Assert.Equal("timeout", e.Error.Code);
        Assert.Single(Fake.SheetsCalls);
    }

    [Fact]
    public async Task GetAsync_ConnectionLost_RetriedThenTransient()
    {
        Fake.Sheets = (_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "reset");

        var e = await Assert.ThrowsAsync<ProviderException>(() => s.Client.GetAsync(s.Credentials, SpreadsheetId, "A1", CancellationToken.None));

        Assert.Equal(ErrorClass.Transient, e.Error.Class);
        Assert.Equal("connection_lost", e.Error.Code);
        Assert.Equal(3, Fake.SheetsCalls.Count);
    }

    [Fact]
    public async Task BatchClearAsync_ConnectionLostAfterSending_UnknownOutcome()
    {
        Fake.Sheets = (_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "reset");

        var e = await Assert.ThrowsAsync<ProviderException>(() => s.Client.BatchClearAsync(s.Credentials, SpreadsheetId, ["A1"], CancellationToken.None));

        Assert.Equal(ErrorClass.UnknownOutcome, e.Error.Class);
        Assert.Single(Fake.SheetsCalls);
    }

    [Fact]
    public async Task Calls_SeveralWithinLifetime_OneTokenCallSignedByTheServiceAccountKey()
    {
        Answer(HttpStatusCode.OK, "{}");

        await UpdateOne();
        await s.Client.GetAsync(s.Credentials, SpreadsheetId, "A1", CancellationToken.None);
        s.Time.Advance(TimeSpan.FromMinutes(50));
        await s.Client.BatchClearAsync(s.Credentials, SpreadsheetId, ["A1"], CancellationToken.None);

        var token = Assert.Single(Fake.TokenCalls);
        Assert.All(Fake.SheetsCalls, c => Assert.Equal("Bearer ya29.fake-token-1", c.Authorization));
        var form = FakeGoogleHandler.Form(token.Body);
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"]);
        var claims = FakeGoogleHandler.Claims(form["assertion"]);
        Assert.Equal(SheetsTestServices.ClientEmail, claims.GetProperty("iss").GetString());
        Assert.Equal("https://www.googleapis.com/auth/spreadsheets", claims.GetProperty("scope").GetString());
        // Google.Apis.Auth always names Google's endpoint as the audience, whichever URL it posts to; a stand-in must accept that.
        Assert.Equal("https://oauth2.googleapis.com/token", claims.GetProperty("aud").GetString());
        Assert.Equal(FakeGoogleHandler.TokenUrl, token.Uri.AbsoluteUri);
        Assert.Equal(s.Time.GetUtcNow().AddMinutes(-50).ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task Calls_AfterTokenNearsExpiry_FetchesANewToken()
    {
        Answer(HttpStatusCode.OK, "{}");

        await UpdateOne();
        s.Time.Advance(TimeSpan.FromSeconds(3600) - SheetsTokenSource.RefreshMargin);
        await UpdateOne();

        Assert.Equal(2, Fake.TokenCalls.Count);
        Assert.Equal(["Bearer ya29.fake-token-1", "Bearer ya29.fake-token-2"], Fake.SheetsCalls.Select(c => c.Authorization));
    }

    [Fact]
    public async Task Calls_TwoSites_OneTokenEach()
    {
        Answer(HttpStatusCode.OK, "{}");
        using var other = System.Security.Cryptography.RSA.Create(2048);
        var otherCredentials = new SheetsCredentials(s.Credentials.ServiceAccountJson.Replace("key-1", "key-2", StringComparison.Ordinal));

        await UpdateOne();
        await s.Client.BatchUpdateAsync(otherCredentials, SpreadsheetId, [("A2", [["x"]])], CancellationToken.None);
        await UpdateOne();

        Assert.Equal(2, Fake.TokenCalls.Count);
    }

    [Fact]
    public async Task Calls_TokenEndpointInvalidGrant_PermanentHeldNoSheetsCall()
    {
        Fake.TokenAnswer = () => FakeGoogleHandler.Json(HttpStatusCode.BadRequest, """{"error":"invalid_grant","error_description":"Invalid grant: account not found"}""");

        var e = await Assert.ThrowsAsync<ProviderException>(() => UpdateOne());

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("invalid_grant", e.Error.Code);
        Assert.Equal(SheetsAccountReasons.CredentialsRejected, e.Error.HoldReason);
        Assert.Empty(Fake.SheetsCalls);
    }

    [Fact]
    public async Task Calls_TokenEndpoint503_TransientNotHeld()
    {
        Fake.TokenAnswer = () => FakeGoogleHandler.Json(HttpStatusCode.ServiceUnavailable, """{"error":"temporarily_unavailable"}""");

        var e = await Assert.ThrowsAsync<ProviderException>(() => UpdateOne());

        Assert.Equal(ErrorClass.Transient, e.Error.Class);
        Assert.Null(e.Error.HoldReason);
        Assert.Empty(Fake.SheetsCalls);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"authorized_user","client_id":"x"}""")]
    [InlineData("""{"type":"service_account","client_email":"a@b.c","private_key":"-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----\n"}""")]
    public async Task Calls_UnusableCredentialJson_PermanentCredentialsInvalidNoCall(string json)
    {
        var e = await Assert.ThrowsAsync<ProviderException>(() => s.Client.GetAsync(new SheetsCredentials(json), SpreadsheetId, "A1", CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("invalid_credentials", e.Error.Code);
        Assert.Equal(SheetsAccountReasons.CredentialsInvalid, e.Error.HoldReason);
        Assert.DoesNotContain("not-a-key", e.ToString(), StringComparison.Ordinal);
        Assert.Empty(Fake.TokenCalls);
    }

    [Fact]
    public async Task Calls_ExternalAccountCredential_StsExchangeWithSpreadsheetsScope()
    {
        var subjectFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(subjectFile, "subject-jwt-from-the-platform");
        try
        {
            var json = JsonSerializer.Serialize(new
            {
                type = "external_account",
                audience = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/courier/providers/azure",
                subject_token_type = "urn:ietf:params:oauth:token-type:jwt",
                token_url = FakeGoogleHandler.StsUrl,
                credential_source = new { file = subjectFile },
            });
            Answer(HttpStatusCode.OK, "{}");

            await s.Client.GetAsync(new SheetsCredentials(json), SpreadsheetId, "A1", CancellationToken.None);

            var sts = FakeGoogleHandler.Form(Assert.Single(Fake.TokenCalls).Body);
            Assert.Equal("urn:ietf:params:oauth:grant-type:token-exchange", sts["grant_type"]);
            Assert.Equal("subject-jwt-from-the-platform", sts["subject_token"]);
            Assert.Contains("https://www.googleapis.com/auth/spreadsheets", sts["scope"], StringComparison.Ordinal);
            Assert.Equal("Bearer ya29.fake-token-1", Assert.Single(Fake.SheetsCalls).Authorization);
        }
        finally
        {
            File.Delete(subjectFile);
        }
    }

    [Fact]
    public async Task Calls_SuccessAndFailures_NoKeyTokenOrAssertionInAnyLogLine()
    {
        Answer(HttpStatusCode.OK, """{"responses":[{"updatedRange":"Sheet1!A2"}]}""");
        await UpdateOne();
        Answer(HttpStatusCode.Unauthorized, FakeGoogleHandler.GoogleError(401, "UNAUTHENTICATED", "bad token"));
        await Assert.ThrowsAsync<ProviderException>(() => UpdateOne());
        Answer(HttpStatusCode.Forbidden, FakeGoogleHandler.GoogleError(403, "PERMISSION_DENIED", "The caller does not have permission"));
        await Assert.ThrowsAsync<ProviderException>(() => UpdateOne());
        Fake.TokenAnswer = () => FakeGoogleHandler.Json(HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""");
        s.Time.Advance(TimeSpan.FromHours(2));
        await Assert.ThrowsAsync<ProviderException>(() => UpdateOne());

        var logs = s.Provider.GetRequiredService<FakeLogCollector>().GetSnapshot();
        var text = string.Join("\n", logs.Select(r => $"{r.Category} {r.Message} {r.Exception} {string.Join(",", r.StructuredState ?? [])}"));
        var keyBody = s.PrivateKeyPem.Split('\n')[5];

        Assert.Contains(logs, r => r.Id.Name == "sheets_call_completed");
        Assert.Contains(logs, r => r.Id.Name == "sheets_call_failed");
        Assert.Contains(logs, r => r.Id.Name == "sheets_token_failed");
        Assert.DoesNotContain(keyBody, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ya29.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", text, StringComparison.Ordinal);
    }

    private Task<IReadOnlyList<string>> UpdateOne() =>
        s.Client.BatchUpdateAsync(s.Credentials, SpreadsheetId, [("Sheet1!A2", [["x"]])], CancellationToken.None);
}
