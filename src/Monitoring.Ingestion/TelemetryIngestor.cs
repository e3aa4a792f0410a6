using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;
using Monitoring.Rules;
using Monitoring.Storage;

namespace Monitoring.Ingestion;

/// <summary>
/// The hot path of one MQTT partition session: payload → frames → decode → for every location a position to
/// store and a fix for the partition's rule engine. Allocates nothing per message in steady state (the
/// <c>IngestorAllocationTests</c> check it); rejected frames are handed over for dead-lettering, which may allocate.
/// Not thread-safe: one per session.
/// </summary>
public sealed class TelemetryIngestor(TerminalDirectory terminals)
{
    readonly byte[] _scratch = new byte[Jt808Framer.MaxEscapedContentLength];

    public IngestCounters Counters { get; } = new();

    public TerminalDirectory Terminals => terminals;

    public void Ingest<TSink>(ReadOnlySpan<byte> payload, DateTime receivedUtc, ref TSink sink)
        where TSink : ITelemetrySink
    {
        Counters.Messages++;
        var rest = payload;
        while (!rest.IsEmpty)
        {
            var scan = Jt808Framer.Scan(rest, isFinalBlock: true);
            Counters.GarbageBytes += scan.Status == FrameScanStatus.FrameTooLong ? 0 : scan.Skipped;
            if (scan.Status == FrameScanStatus.Frame)
            {
                IngestFrame(rest[scan.Range], scan.Quirks, receivedUtc, ref sink);
            }
            else if (scan.Status == FrameScanStatus.FrameTooLong)
            {
                Counters.Count(Jt808Status.FrameTooLong);
                sink.Reject(rest.Slice(scan.Start, scan.Length), RejectReason.BadFrame, nameof(Jt808Status.FrameTooLong));
            }

            if (scan.Status == FrameScanStatus.NeedMoreData || scan.Consumed == 0)
            {
                break;
            }

            rest = rest[scan.Consumed..];
        }
    }

    void IngestFrame<TSink>(ReadOnlySpan<byte> frame, Jt808Quirks framing, DateTime receivedUtc, ref TSink sink)
        where TSink : ITelemetrySink
    {
        var result = Jt808Decoder.Decode(frame, _scratch, out var message);
        Counters.Count(result.Status);
        if (!result.IsOk)
        {
            sink.Reject(frame, RejectReason.BadFrame, result.ToString());
            return;
        }

        if ((message.Quirks | framing) != Jt808Quirks.None)
        {
            Counters.QuirkFrames++;
        }

        switch (message.MessageId)
        {
            case MessageIds.LocationReport:
            case MessageIds.LocationBatch:
                if (!terminals.TryFind(message.Header.Phone, out var slot))
                {
                    Counters.UnknownTerminal++;
                    sink.Reject(frame, RejectReason.UnknownTerminal, message.Header.Phone.ToString());
                    return;
                }

                IngestLocations(frame, message, slot, receivedUtc, ref sink);
                break;
            case MessageIds.Heartbeat:
                Counters.Heartbeats++;
                break;
            default:
                Counters.OtherMessages++;
                break;
        }
    }

    void IngestLocations<TSink>(ReadOnlySpan<byte> frame, Jt808Message message, VehicleSlot slot, DateTime receivedUtc, ref TSink sink)
        where TSink : ITelemetrySink
    {
        int serial = message.Header.Serial;
        if (message.MessageId == MessageIds.LocationReport)
        {
            if (!LocationReport.TryRead(message, out var report).IsOk)
            {
                sink.Reject(frame, RejectReason.BadBody, "0x0200 body shorter than its basic block or encrypted");
                return;
            }

            if (!Emit(report, slot, serial, PositionSource.Report, receivedUtc, ref sink))
            {
                sink.Reject(frame, RejectReason.BadTime, report.Basic.Time.ToString());
            }

            return;
        }

        if (!LocationBatch.TryRead(message, out var batch).IsOk)
        {
            sink.Reject(frame, RejectReason.BadBody, "0x0704 body shorter than its header or encrypted");
            return;
        }

        var source = batch.Type == LocationBatch.BlindAreaBackfill ? PositionSource.Backfill : PositionSource.Batch;
        bool anyBad = false;
        foreach (var location in batch)
        {
            anyBad |= !Emit(location, slot, serial, source, receivedUtc, ref sink);
        }

        if (anyBad || !batch.Trailing.IsEmpty)
        {
            // The good fixes are in; the frame is kept so that the rest can be looked at.
            sink.Reject(frame, anyBad ? RejectReason.BadTime : RejectReason.BadBody, anyBad ? "a batch item has an impossible time" : "batch items past the body");
        }
    }

    bool Emit<TSink>(in LocationReport report, VehicleSlot slot, int serial, PositionSource source, DateTime receivedUtc, ref TSink sink)
        where TSink : ITelemetrySink
    {
        long odometer = StoredPosition.NoOdometer;
        foreach (var item in report.Items)
        {
            if (item.Id == AdditionalItemIds.Odometer && item.TryGetUInt32(out uint value))
            {
                odometer = value;
                break;
            }
        }

        if (!StoredPosition.TryCreate(slot.VehicleId, serial, report.Basic, receivedUtc, odometer, source, out var position))
        {
            Counters.BadTimes++;
            return false;
        }

        sink.Position(position);
        sink.Fix(slot.Partition, Fixes.From(position, slot.Index));
        Counters.Positions++;
        return true;
    }
}
