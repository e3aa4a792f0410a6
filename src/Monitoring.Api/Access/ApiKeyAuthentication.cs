using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Api.Data;
using Monitoring.Storage;

namespace Monitoring.Api.Access;

/// <summary>
/// <c>Authorization: Bearer mk_…</c> (or <c>?key=</c> on the event stream, which browsers' EventSource cannot
/// give headers): looks the key's hash up and puts the <see cref="Caller"/> on the request. No key or a bad
/// one is a 401 problem.
/// </summary>
sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiDatabase database,
    TimeProvider time,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = null;
        string? header = Request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = header["Bearer ".Length..].Trim();
        }
        else if (Request.Path.StartsWithSegments("/api/alerts/stream", StringComparison.Ordinal))
        {
            key = Request.Query["key"];
        }

        if (string.IsNullOrEmpty(key))
        {
            return AuthenticateResult.NoResult();
        }

        var record = await new ApiKeyStore(database.DataSource).FindAsync(key, time.GetUtcNow().UtcDateTime, Context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var caller = Caller.From(record);
        Context.Features.Set(caller);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, caller.User), new Claim(ClaimTypes.Role, caller.RoleName), new Claim("key_id", caller.KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false)).Failure;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "An API key is needed.",
                Detail = failure?.Message ?? "Send 'Authorization: Bearer <key>' (keys are made with 'monitoring keys create').",
            },
        }).ConfigureAwait(false);
    }
}
