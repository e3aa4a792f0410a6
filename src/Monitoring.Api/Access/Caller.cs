using System.Reflection;
using Microsoft.AspNetCore.Http;
using Monitoring.Storage;

namespace Monitoring.Api.Access;

/// <summary>
/// The key behind a request: who (for the handling record) and what they may see. Bound as an endpoint
/// parameter; the authentication handler has put it on the request.
/// </summary>
public sealed record Caller(long KeyId, string User, ApiRole Role, int? CountyId, long? CarrierId, int? CarrierCountyId)
{
    public static Caller From(ApiKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new Caller(key.Id, key.UserName, key.Role, key.CountyId, key.CarrierId, key.CarrierCountyId);
    }

    public string RoleName => ApiKeyStore.RoleName(Role);

    /// <summary>Minimal-API binding: the caller the authentication handler found.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<Caller?>(context.Features.Get<Caller>()
            ?? throw new InvalidOperationException("The endpoint has no authenticated caller; it must be in the /api group that requires a key."));
    }
}
