using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitoring.Protocol.Tests;

/// <summary>One row of protocols/jt808/jt808-vectors.tsv: a real frame from a public test suite or issue.</summary>
public sealed record Vector(int N, string Source, string ProtocolVersion, ushort MessageId, bool ChecksumOk, string[] Tags, byte[] Bytes, string Hex, string Asserted, string Decoded, string Notes)
{
    public bool Has(string tag) => Tags.Contains(tag);

    public override string ToString() => $"#{N} {MessageIds.Format(MessageId)}";

    /// <summary>The script's decode, "key=value" pairs of the header part (before the first " | ").</summary>
    public string HeaderPart => Decoded.Split(" | ")[0];

    public string? Field(string name, string? text = null)
    {
        var match = Regex.Match(text ?? Decoded, $@"(?<![A-Za-z]){Regex.Escape(name)}=([^,\]\}}\s|]+)");
        return match.Success ? match.Groups[1].Value : null;
    }
}

public static class Vectors
{
    static readonly Lazy<IReadOnlyList<Vector>> All = new(Load);

    public static IReadOnlyList<Vector> Rows => All.Value;

    public static Vector Row(int n) => Rows.Single(v => v.N == n);

    public static TheoryData<int> Numbers(Func<Vector, bool> where)
    {
        var data = new TheoryData<int>();
        foreach (var v in Rows.Where(where))
        {
            data.Add(v.N);
        }

        return data;
    }

    static IReadOnlyList<Vector> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Vectors", "jt808-vectors.tsv");
        return File.ReadLines(path)
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line =>
            {
                string[] c = line.Split('\t');
                return new Vector(
                    int.Parse(c[0], CultureInfo.InvariantCulture),
                    c[1],
                    c[2],
                    Convert.ToUInt16(c[3], 16),
                    c[4] == "yes",
                    c[5].Split(',', StringSplitOptions.RemoveEmptyEntries),
                    Convert.FromHexString(c[6]),
                    c[6],
                    c[7],
                    c[8],
                    c[9]);
            })
            .ToList();
    }
}
