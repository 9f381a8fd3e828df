using System.Text.Json;
using Courier.Core.Jobs.Social;

namespace Courier.Core.Tests.Jobs.Social;

public sealed class SocialSubmissionTests
{
    private static (SocialPostPayload? Payload, IReadOnlyList<Courier.Core.Validation.FieldError> Errors) Parse(string json) =>
        SocialSubmission.Parse(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Parse_Facebook_PayloadWithOffsetKeptAndNaturalId()
    {
        var (payload, errors) = Parse("""{"platform":"facebook","connectionId":"page-1","content":"Hi","scheduledAt":"2026-12-02T13:00:00+01:00"}""");
        var (again, _) = Parse("""{"platform":"facebook","connectionId":"page-1","content":"Hi","scheduledAt":"2026-12-02T12:00:00Z"}""");

        Assert.Empty(errors);
        Assert.Equal((SocialPlatform.Facebook, "page-1", "Hi", TimeSpan.FromHours(1)), (payload!.Platform, payload.ConnectionId, payload.Content, payload.ScheduledAt.Offset));
        Assert.StartsWith("post-", payload.PostId, StringComparison.Ordinal);
        Assert.Equal(payload.PostId, again!.PostId);
    }

    [Theory]
    [InlineData("""{"platform":"instagram","connectionId":"c","content":"x","scheduledAt":"2026-12-02T12:00:00Z"}""", "imageUrl")]
    [InlineData("""{"platform":"tiktok","connectionId":"c","content":"x","scheduledAt":"2026-12-02T12:00:00Z"}""", "platform")]
    [InlineData("""{"platform":"facebook","connectionId":"c","content":"x","scheduledAt":"2026-12-02T12:00:00"}""", "scheduledAt")]
    [InlineData("""{"platform":"facebook","connectionId":"c","scheduledAt":"2026-12-02T12:00:00Z"}""", "content")]
    [InlineData("""{"platform":"facebook","connectionId":"c","content":"x","imageUrl":"ftp://x/y.jpg","scheduledAt":"2026-12-02T12:00:00Z"}""", "imageUrl")]
    [InlineData("""{"platform":"facebook","connectionId":"c","content":"x","scheduledAt":"2026-12-02T12:00:00Z","extra":1}""", "extra")]
    public void Parse_BadField_NamedInErrors(string json, string field)
    {
        var (payload, errors) = Parse(json);

        Assert.Null(payload);
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void Parse_InstagramCaptionTooLong_Refused()
    {
        var body = JsonSerializer.Serialize(new { platform = "instagram", content = new string('x', 2201), imageUrl = "https://img.example/a.jpg", scheduledAt = "2026-12-02T12:00:00Z" });

        Assert.Contains(Parse(body).Errors, e => e.Field == "content");
    }

    [Fact]
    public void SocialMarker_Apply_EndsWithInvisibleSeparatorAndRef()
    {
        var marker = SocialMarker.Of("post-1");

        Assert.Matches("^ref:[a-z2-9]{8}$", marker);
        Assert.Equal(marker, SocialMarker.Of("post-1"));
        Assert.Equal($"Hello\n\u2063{marker}", SocialMarker.Apply("Hello  ", marker));
    }
}
