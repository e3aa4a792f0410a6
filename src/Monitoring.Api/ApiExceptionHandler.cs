using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Monitoring.Api;

/// <summary>
/// A request that cannot be bound (a number that is not one, a body that is not JSON) becomes a 400 validation
/// problem naming the parameter; anything else is left to the default 500 problem.
/// </summary>
sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        string field = FieldOf(bad.Message);
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [bad.Message] })
            {
                Status = bad.StatusCode,
                Title = "The request is not valid.",
                Detail = bad.Message,
            },
        }).ConfigureAwait(false);
    }

    /// <summary>The parameter named in ASP.NET Core's message (<c>Failed to bind parameter "int limit" from "x".</c>), else "request".</summary>
    static string FieldOf(string message)
    {
        int start = message.IndexOf('"', StringComparison.Ordinal);
        int end = start < 0 ? -1 : message.IndexOf('"', start + 1);
        if (start < 0 || end < 0)
        {
            return message.Contains("JSON", StringComparison.OrdinalIgnoreCase) || message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "body" : "request";
        }

        string inner = message[(start + 1)..end];
        int space = inner.LastIndexOf(' ');
        return space >= 0 ? inner[(space + 1)..] : inner;
    }
}
