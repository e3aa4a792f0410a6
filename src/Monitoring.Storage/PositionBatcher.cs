using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Monitoring.Storage;

/// <summary>The fate of one batch: durable (<see cref="Outcome"/> set) or not (<see cref="Error"/> set).</summary>
public readonly record struct BatchResult(long Sequence, int Count, WriteOutcome? Outcome, Exception? Error)
{
    public bool IsDurable => Outcome is not null;
}

/// <summary>
/// Collects positions into pooled arrays and hands each to an <see cref="IPositionWriter"/> when it is full or
/// <c>maxDelay</c> after its first position. <see cref="Add"/> returns the sequence number of the batch the
/// position went into; <c>onCompleted</c> reports each batch's fate in sequence order, so a caller that
/// acknowledges messages (MQTT) acknowledges those of batch n once n is reported durable. No allocation per
/// position: arrays come from <see cref="ArrayPool{T}"/> and go back after the write.
/// </summary>
public sealed class PositionBatcher : IAsyncDisposable
{
    readonly IPositionWriter _writer;
    readonly int _batchSize;
    readonly TimeSpan _maxDelay;
    readonly Action<BatchResult> _onCompleted;
    readonly ILogger _logger;
    readonly Channel<(StoredPosition[] Rows, int Count, long Sequence)> _sealed =
        Channel.CreateUnbounded<(StoredPosition[], int, long)>(new UnboundedChannelOptions { SingleReader = true });
    readonly Lock _sync = new();
    readonly CancellationTokenSource _stop = new();
    readonly Task _writeLoop;
    readonly Task _timerLoop;
    StoredPosition[] _current;
    int _count;
    long _sequence;
    long _currentStartedTicks;

    public PositionBatcher(IPositionWriter writer, int batchSize, TimeSpan maxDelay, Action<BatchResult> onCompleted, ILogger<PositionBatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(onCompleted);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, TimeSpan.FromMilliseconds(1));
        _writer = writer;
        _batchSize = batchSize;
        _maxDelay = maxDelay;
        _onCompleted = onCompleted;
        _logger = logger ?? NullLogger<PositionBatcher>.Instance;
        _current = ArrayPool<StoredPosition>.Shared.Rent(batchSize);
        _writeLoop = Task.Run(WriteLoopAsync);
        _timerLoop = Task.Run(TimerLoopAsync);
    }

    /// <summary>Adds a position; returns the sequence number of its batch (numbers start at 0 and grow by 1).</summary>
    public long Add(in StoredPosition position)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            if (_count == 0)
            {
                _currentStartedTicks = Environment.TickCount64;
            }

            _current[_count++] = position;
            long sequence = _sequence;
            if (_count == _batchSize)
            {
                SealCurrent();
            }

            return sequence;
        }
    }

    /// <summary>Seals the current batch now (it still completes asynchronously).</summary>
    public void Flush()
    {
        lock (_sync)
        {
            if (_count > 0)
            {
                SealCurrent();
            }
        }
    }

    /// <summary>Writes what is buffered and waits for every batch to complete.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_sync)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            if (_count > 0)
            {
                SealCurrent();
            }

            _stop.Cancel();
            _sealed.Writer.Complete();
        }

        await _timerLoop.ConfigureAwait(false);
        await _writeLoop.ConfigureAwait(false);
        ArrayPool<StoredPosition>.Shared.Return(_current);
        _stop.Dispose();
    }

    void SealCurrent()
    {
        _sealed.Writer.TryWrite((_current, _count, _sequence));
        _sequence++;
        _current = ArrayPool<StoredPosition>.Shared.Rent(_batchSize);
        _count = 0;
    }

    async Task WriteLoopAsync()
    {
        await foreach (var (rows, count, sequence) in _sealed.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            BatchResult result;
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var outcome = await _writer.WriteAsync(rows.AsMemory(0, count)).ConfigureAwait(false);
                result = new BatchResult(sequence, count, outcome, null);
                StorageMetrics.BatchDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Batch {Sequence} of {Count} positions is not durable", sequence, count);
                result = new BatchResult(sequence, count, null, e);
            }
            finally
            {
                ArrayPool<StoredPosition>.Shared.Return(rows);
            }

            try
            {
                _onCompleted(result);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "The completion callback of batch {Sequence} failed", sequence);
            }
        }
    }

    async Task TimerLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Max(_maxDelay.Ticks / 4, TimeSpan.TicksPerMillisecond)));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                lock (_sync)
                {
                    if (_count > 0 && Environment.TickCount64 - _currentStartedTicks >= (long)_maxDelay.TotalMilliseconds)
                    {
                        SealCurrent();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
