using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage;

/// <summary>Who an API key speaks for: <c>center</c> (everything), <c>county</c> (one county) or <c>carrier</c> (one carrier).</summary>
public enum ApiRole
{
    Center,
    County,
    Carrier,
}

/// <summary>A stored API key (never its text). <see cref="CarrierCountyId"/> is the county of a carrier key's carrier.</summary>
public sealed record ApiKeyRecord(
    long Id,
    string UserName,
    ApiRole Role,
    int? CountyId,
    long? CarrierId,
    string KeyPrefix,
    DateTime CreatedAt,
    DateTime? RevokedAt,
    DateTime? LastUsedAt,
    int? CarrierCountyId = null);

/// <summary>A key just created: the only moment its text is known.</summary>
public sealed record NewApiKey(ApiKeyRecord Record, string Key);

/// <summary>
/// API keys, stored as the SHA-256 of their text (<c>mk_</c> + 43 characters of base64url = 256 random bits, so a
/// plain hash is enough: there is nothing to guess that a slow hash would protect).
/// </summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource)
{
    public const string KeyPrefix = "mk_";

    const string Columns = "k.id, k.user_name, k.role, k.county_id, k.carrier_id, k.key_prefix, k.created_at, k.revoked_at, k.last_used_at, c.county_id";

    /// <summary>Creates a key; a county or carrier that does not exist is an <see cref="ArgumentException"/>.</summary>
    public async Task<NewApiKey> CreateAsync(string userName, ApiRole role, int? countyId, long? carrierId, DateTime utcNow, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        EpisodeStore.RequireUtc(utcNow, nameof(utcNow));
        switch (role)
        {
            case ApiRole.Center when countyId is not null || carrierId is not null:
                throw new ArgumentException("A center key has neither a county nor a carrier.");
            case ApiRole.County when countyId is null || carrierId is not null:
                throw new ArgumentException("A county key needs a county code (and no carrier).");
            case ApiRole.Carrier when carrierId is null || countyId is not null:
                throw new ArgumentException("A carrier key needs a carrier id (and no county).");
        }

        string key = NewKeyText();
        await using var command = dataSource.CreateCommand($"""
            WITH k AS (
                INSERT INTO api_keys (user_name, role, county_id, carrier_id, key_hash, key_prefix, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *)
            SELECT {Columns} FROM k LEFT JOIN carriers c ON c.id = k.carrier_id
            """);
        command.Parameters.Add(new() { Value = userName.Trim() });
        command.Parameters.Add(new() { Value = RoleName(role) });
        command.Parameters.Add(new() { Value = (object?)countyId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)carrierId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = Hash(key) });
        command.Parameters.Add(new() { Value = key[..(KeyPrefix.Length + 6)] });
        command.Parameters.Add(new() { Value = utcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        try
        {
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await r.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new NewApiKey(Read(r), key);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new ArgumentException(countyId is not null ? $"There is no county {countyId}." : $"There is no carrier {carrierId}.", e);
        }
    }

    /// <summary>
    /// The live (not revoked) key with this text, or null. Notes the use, at most once a minute per key, so that a
    /// busy key does not write on every request.
    /// </summary>
    public async Task<ApiKeyRecord?> FindAsync(string key, DateTime utcNow, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(key) || !key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length > 200)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand($"""
            WITH touched AS (
                UPDATE api_keys SET last_used_at = $2
                WHERE key_hash = $1 AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at < $2 - interval '1 minute'))
            SELECT {Columns} FROM api_keys k LEFT JOIN carriers c ON c.id = k.carrier_id
            WHERE k.key_hash = $1 AND k.revoked_at IS NULL
            """);
        command.Parameters.Add(new() { Value = Hash(key) });
        command.Parameters.Add(new() { Value = utcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(r) : null;
    }

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM api_keys k LEFT JOIN carriers c ON c.id = k.carrier_id ORDER BY k.id");
        var list = new List<ApiKeyRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(r));
        }

        return list;
    }

    /// <summary>Revokes a key; false when there is no such live key.</summary>
    public async Task<bool> RevokeAsync(long id, DateTime utcNow, CancellationToken cancellationToken = default)
    {
        EpisodeStore.RequireUtc(utcNow, nameof(utcNow));
        await using var command = dataSource.CreateCommand("UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = utcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public static string RoleName(ApiRole role) => role switch
    {
        ApiRole.Center => "center",
        ApiRole.County => "county",
        ApiRole.Carrier => "carrier",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParseRole(string? text, out ApiRole role)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "CENTER":
                role = ApiRole.Center;
                return true;
            case "COUNTY":
                role = ApiRole.County;
                return true;
            case "CARRIER":
                role = ApiRole.Carrier;
                return true;
            default:
                role = default;
                return false;
        }
    }

    internal static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    static string NewKeyText() => KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static ApiKeyRecord Read(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        TryParseRole(r.GetString(2), out var role) ? role : throw new InvalidOperationException($"Unknown role '{r.GetString(2)}' in api_keys."),
        r.IsDBNull(3) ? null : r.GetInt32(3),
        r.IsDBNull(4) ? null : r.GetInt64(4),
        r.GetString(5),
        r.GetFieldValue<DateTime>(6),
        r.IsDBNull(7) ? null : r.GetFieldValue<DateTime>(7),
        r.IsDBNull(8) ? null : r.GetFieldValue<DateTime>(8),
        r.IsDBNull(9) ? null : r.GetInt32(9));
}
