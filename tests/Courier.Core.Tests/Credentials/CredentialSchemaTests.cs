using System.Text.Json;
using Courier.Core.Credentials;
using Courier.Core.Validation;

namespace Courier.Core.Tests.Credentials;

public sealed class CredentialSchemaTests
{
    private static readonly CredentialSchema Schema = new("meta", [new("page_id"), CredentialField.RequiredSecret("page_token"), CredentialField.Optional("app_id")]);

    private static IReadOnlyList<FieldError> Validate(string json) => Schema.Validate(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Constructor_NoField_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CredentialSchema("meta", []));

        Assert.StartsWith("the credential schema of 'meta' declares no field", ex.Message);
    }

    [Fact]
    public void Constructor_FieldDeclaredTwice_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CredentialSchema("meta", [new("page_id"), new("page_id", Secret: true)]));

        Assert.StartsWith("the credential schema of 'meta' declares 'page_id' twice", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Constructor_BlankProviderKey_Throws(string key)
    {
        Assert.Throws<ArgumentException>(() => new CredentialSchema(key, [new("page_id")]));
    }

    [Fact]
    public void Validate_RequiredOnly_NoErrors()
    {
        Assert.Empty(Validate("""{"page_id":"1","page_token":"EAAB-SECRET"}"""));
    }

    [Fact]
    public void Validate_OptionalNull_NoErrors()
    {
        Assert.Empty(Validate("""{"page_id":"1","page_token":"EAAB-SECRET","app_id":null}"""));
    }

    [Fact]
    public void Validate_EveryKindOfError_NamedInDeclarationOrderThenUnknownWithoutValues()
    {
        var errors = Validate("""{"page_id":7,"app_id":"  ","extra":"EAAB-SECRET"}""");

        Assert.Equal(
            [
                new FieldError("credentials.page_id", "must be a string"),
                new FieldError("credentials.page_token", "is required"),
                new FieldError("credentials.extra", "is not a known field"),
            ],
            errors);
    }

    [Fact]
    public void Validate_FieldGivenTwice_NamesIt()
    {
        var errors = Validate("""{"page_id":"1","page_token":"EAAB-SECRET","page_token":"EAAB-OTHER"}""");

        Assert.Equal([new FieldError("credentials.page_token", "is given more than once")], errors);
    }

    [Fact]
    public void Validate_ValueLongerThanMaxLength_NamesItWithoutValue()
    {
        var token = new string('s', CredentialField.MaxLength + 1);

        var error = Assert.Single(Validate($$"""{"page_id":"1","page_token":"{{token}}"}"""));

        Assert.Equal("credentials.page_token", error.Field);
        Assert.DoesNotContain(token, error.Message);
    }

    [Fact]
    public void Validate_PemSizedValue_Accepted()
    {
        var key = "-----BEGIN PRIVATE KEY-----\n" + new string('A', 1700) + "\n-----END PRIVATE KEY-----\n";

        Assert.Empty(Validate(JsonSerializer.Serialize(new Dictionary<string, string> { ["page_id"] = "1", ["page_token"] = key })));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"EAAB-SECRET\"")]
    public void Validate_NotAnObject_NamesCredentials(string json)
    {
        Assert.Equal([new FieldError("credentials", "must be an object")], Validate(json));
    }
}
