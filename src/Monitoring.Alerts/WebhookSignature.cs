using System.Security.Cryptography;
using System.Text;

namespace Monitoring.Alerts;

/// <summary>
/// The <c>X-Monitoring-Signature</c> header of a webhook delivery: <c>sha256=</c> and the lowercase hex
/// HMAC-SHA256 of the raw body bytes, keyed with the UTF-8 bytes of the subscription's secret.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Monitoring-Signature";
    public const string EventHeader = "X-Monitoring-Event";
    public const string Prefix = "sha256=";

    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>What a receiver does: recompute over the body as received and compare in constant time.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null)
        {
            return false;
        }

        string expected = Compute(secret, body);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(header));
    }
}
