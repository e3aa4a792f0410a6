namespace Monitoring.Protocol;

/// <summary>
/// A status and the offset where reading stopped. Offsets count bytes of the un-escaped frame from the
/// first header byte (0 = message id), except <see cref="Jt808Status.BadEscape"/>, whose offset is in the
/// escaped input, and body readers, whose offsets are relative to the body.
/// </summary>
public readonly record struct DecodeResult(Jt808Status Status, int Offset)
{
    public static DecodeResult Ok => default;

    public bool IsOk => Status == Jt808Status.Ok;

    public static DecodeResult Fail(Jt808Status status, int offset) => new(status, offset);

    public override string ToString() => IsOk ? "Ok" : $"{Status} at {Offset}";
}
