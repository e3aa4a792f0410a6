using Microsoft.AspNetCore.Http;

namespace Monitoring.Api.Endpoints;

/// <summary>The API's problem-details answers (RFC 7807) besides validation.</summary>
static class Problems
{
    /// <summary>404: used alike for what does not exist and what belongs to another scope, so that neither shows.</summary>
    public static IResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} was not found.",
            detail: $"There is no such {what.ToLowerInvariant()} within this key's scope.");

    public static IResult Conflict(string title, string? detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    public static IResult Unavailable(string title, string? detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: title, detail: detail);
}
