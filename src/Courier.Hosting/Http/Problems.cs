using Microsoft.AspNetCore.Http;

namespace Courier.Hosting.Http;

/// <summary>The RFC 7807 problem results Courier answers with, so every route words them the same way.</summary>
public static class Problems
{
    public static IResult NotFound() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found");

    public static IResult Unauthorized() =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "A valid secret is required.");

    public static IResult NotBuilt(string job) =>
        Results.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Not Implemented", detail: Jobs.DispatchResult.NotBuiltMessage(job));

    /// <summary>400 naming the offending field or parameter in <c>errors</c>.</summary>
    public static IResult BadParameter(string parameter, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [message] }, detail: message, title: $"Invalid parameter '{parameter}'.");

    /// <summary>400 for a body that is not the JSON object the route takes.</summary>
    public static IResult BadBody() =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["the body must be a JSON object"] }, title: "Invalid request body.");

    /// <summary>400 naming every offending field of a JSON body in <c>errors</c>.</summary>
    public static IResult InvalidFields(IReadOnlyList<Core.Validation.FieldError> errors) =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "Invalid request body.",
            detail: string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")));

    public static IResult RunFailed(string runId, string? error) =>
        Results.Problem(
            statusCode: StatusCodes.Status500InternalServerError,
            title: "Run failed",
            detail: error,
            extensions: new Dictionary<string, object?> { ["ok"] = false, ["runId"] = runId });

    /// <summary>503: the run was stopped at its deadline or when it lost its run lease; its counts say what it did before.</summary>
    public static IResult RunCancelled(string runId, string? reason, IReadOnlyDictionary<string, int>? counts) =>
        Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Run cancelled",
            detail: reason,
            extensions: new Dictionary<string, object?> { ["ok"] = false, ["runId"] = runId, ["counts"] = counts });

    /// <summary>409 <c>{"ok":false,"error":"run_in_progress","runId":…}</c> (spec §2.4).</summary>
    public static IResult RunInProgress(string? holderRunId) =>
        Results.Json(new RunInProgressBody(holderRunId), statusCode: StatusCodes.Status409Conflict);
}
