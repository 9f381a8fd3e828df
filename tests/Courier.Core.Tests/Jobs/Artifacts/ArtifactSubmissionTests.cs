using System.Text.Json;
using Courier.Core.Jobs.Artifacts;

namespace Courier.Core.Tests.Jobs.Artifacts;

public sealed class ArtifactSubmissionTests
{
    [Theory]
    [InlineData("""{"projectId":"p1"}""", "p1", "")]
    [InlineData("""{"projectId":"p1","prefix":""}""", "p1", "")]
    [InlineData("""{"projectId":"p1","prefix":null}""", "p1", "")]
    [InlineData("""{"projectId":"p1","prefix":"photos"}""", "p1", "photos/")]
    [InlineData("""{"projectId":"p1","prefix":"photos/2025/"}""", "p1", "photos/2025/")]
    [InlineData("""{"projectId":"Projet été","prefix":"a b/c..d"}""", "Projet été", "a b/c..d/")]
    public void Parse_Valid_NormalizesThePrefixToAFolder(string json, string project, string prefix)
    {
        var (p, f, errors) = ArtifactSubmission.Parse(JsonDocument.Parse(json).RootElement);

        Assert.Empty(errors);
        Assert.Equal((project, prefix), (p, f));
    }

    [Theory]
    [InlineData("""{}""", "projectId", "is required")]
    [InlineData("""{"projectId":null}""", "projectId", "is required")]
    [InlineData("""{"projectId":""}""", "projectId", "must not be empty")]
    [InlineData("""{"projectId":42}""", "projectId", "must be a string")]
    [InlineData("""{"projectId":["p"]}""", "projectId", "must be a string")]
    [InlineData("""{"projectId":"a/b"}""", "projectId", "must not contain '/'")]
    [InlineData("""{"projectId":".."}""", "projectId", "must not be '.' or '..'")]
    [InlineData("""{"projectId":"p","prefix":7}""", "prefix", "must be a string")]
    [InlineData("""{"projectId":"p","prefix":".."}""", "prefix", "'..' segments")]
    [InlineData("""{"projectId":"p","prefix":"photos/../../other"}""", "prefix", "'..' segments")]
    [InlineData("""{"projectId":"p","prefix":"./photos"}""", "prefix", "'..' segments")]
    [InlineData("""{"projectId":"p","prefix":"/photos"}""", "prefix", "leading '/'")]
    [InlineData("""{"projectId":"p","prefix":"a\\b"}""", "prefix", "not '\\'")]
    [InlineData("""{"projectId":"p","prefix":"a//b"}""", "prefix", "empty segments")]
    [InlineData("""{"projectId":"p","extra":1}""", "extra", "is not a known field")]
    public void Parse_Invalid_NamesTheField(string json, string field, string message)
    {
        var (project, prefix, errors) = ArtifactSubmission.Parse(JsonDocument.Parse(json).RootElement);

        Assert.Null(project);
        Assert.Null(prefix);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotAnObject_NamesTheBody()
    {
        var (_, _, errors) = ArtifactSubmission.Parse(JsonDocument.Parse("[1]").RootElement);

        Assert.Equal("$", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("p/photos/a.jpg", "photos/a.jpg")]
    [InlineData("p/a.jpg", "a.jpg")]
    [InlineData("p/x/../../../etc/passwd", "x/etc/passwd")]
    [InlineData("p/x\\y.txt", "x/y.txt")]
    [InlineData("p//x/./y", "x/y")]
    [InlineData("p/..", null)]
    public void EntryName_KeepsFoldersAndNeverLeavesTheTarget(string blob, string? entry)
    {
        Assert.Equal(entry, MediaSelection.EntryName(blob, "p"));
    }
}
