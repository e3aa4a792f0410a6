using System.Text;

namespace Monitoring.Protocol;

/// <summary>
/// JT/T 808 strings are GBK (code page 936, JT808.md §4). Decoding makes a string, so callers ask for text
/// only where they need it; fixed-width fields are trimmed of 0x00 padding (and spaces) on both sides.
/// </summary>
public static class Gbk
{
    public static readonly Encoding Encoding = CreateEncoding();

    static Encoding CreateEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(936, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
    }

    /// <summary>Decodes a field, trimming 0x00 and ASCII spaces on both sides.</summary>
    public static string GetString(ReadOnlySpan<byte> field) => Encoding.GetString(Trim(field));

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> field)
    {
        int start = 0;
        int end = field.Length;
        while (start < end && field[start] is 0x00 or 0x20)
        {
            start++;
        }

        while (end > start && field[end - 1] is 0x00 or 0x20)
        {
            end--;
        }

        return field[start..end];
    }

    public static int GetByteCount(ReadOnlySpan<char> text) => Encoding.GetByteCount(text);

    public static int GetBytes(ReadOnlySpan<char> text, Span<byte> destination) => Encoding.GetBytes(text, destination);
}
