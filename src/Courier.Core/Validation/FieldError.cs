namespace Courier.Core.Validation;

/// <summary>One reason an input was refused, naming the field (JSON name) it concerns.</summary>
public sealed record FieldError(string Field, string Message);
