using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Storage.Internal;
using Npgsql;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Monitoring.Storage;

/// <summary>
/// Writes position batches exactly once by their key (vehicle, device time, serial), in one transaction each:
/// a binary COPY straight into <c>positions</c>, and when the primary key refuses it (a re-delivered or replayed
/// fix) the batch again through a session stage table and <c>INSERT … ON CONFLICT DO NOTHING</c>; then each
/// vehicle's newest fix of the batch upserts <c>last_positions</c> (only if newer). Spool replays take the
/// stage path directly. Polly retries transient failures with exponential backoff behind a circuit breaker; a batch
/// that still fails, or arrives while the circuit is open, is fsynced to the <see cref="PositionSpool"/> and the
/// spool is replayed in order before the next batch once the database answers again (and at start-up, through
/// <see cref="ReplaySpoolAsync"/>). One connection, one batch at a time.
/// </summary>
public sealed class PositionWriter : IPositionWriter, IAsyncDisposable
{
    // After a batch met a duplicate, this many batches go through the stage table before the direct COPY is
    // tried again: redeliveries come in bursts.
    const int StagedBatchesAfterDuplicate = 16;

    readonly NpgsqlDataSource _dataSource;
    readonly PositionWriterOptions _options;
    readonly PositionSpool _spool;
    readonly ResiliencePipeline _pipeline;
    readonly CircuitBreakerStateProvider _circuit = new();
    readonly ILogger _logger;
    readonly SemaphoreSlim _gate = new(1, 1);
    readonly PositionCopy _copy = new();
    NpgsqlConnection? _connection;
    int _stagedBatchesLeft;

    public PositionWriter(NpgsqlDataSource dataSource, PositionWriterOptions options, ILogger<PositionWriter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dataSource = dataSource;
        _options = options;
        _logger = logger ?? NullLogger<PositionWriter>.Instance;
        _spool = new PositionSpool(options.SpoolPath, options.SpoolMaxBytes, _logger);
        _pipeline = BuildPipeline();
    }

    /// <summary>The spool (pending batches and positions, for health checks).</summary>
    public PositionSpool Spool => _spool;

    /// <summary>Open or half-open while the database is considered down.</summary>
    public CircuitState Circuit => _circuit.CircuitState;

    public async ValueTask<WriteOutcome> WriteAsync(ReadOnlyMemory<StoredPosition> positions, CancellationToken cancellationToken = default)
    {
        if (positions.IsEmpty)
        {
            return WriteOutcome.Stored;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Spooled batches go first, so that the database sees the batches in the order they came.
            if ((_spool.IsEmpty || await ReplayCoreAsync(cancellationToken).ConfigureAwait(false))
                && await TryCopyAsync(positions, replay: false, cancellationToken).ConfigureAwait(false))
            {
                StorageMetrics.PositionsStored.Add(positions.Length);
                return WriteOutcome.Stored;
            }

            try
            {
                _spool.Append(positions.Span);
            }
            catch (SpoolFullException)
            {
                StorageMetrics.BatchesRefused.Add(1);
                throw;
            }

            StorageMetrics.PositionsSpooled.Add(positions.Length);
            return WriteOutcome.Spooled;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Replays the spool into the database (call at start-up and now and then while it is not empty).
    /// True when the spool is empty afterwards.</summary>
    public async Task<bool> ReplaySpoolAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _spool.IsEmpty || await ReplayCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await DropConnectionAsync().ConfigureAwait(false);
            _spool.Dispose();
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    async ValueTask<bool> ReplayCoreAsync(CancellationToken cancellationToken)
    {
        long replayed = 0;
        foreach (var batch in _spool.ReadBatches())
        {
            if (!await TryCopyAsync(batch, replay: true, cancellationToken).ConfigureAwait(false))
            {
                // What was replayed stays in the spool; replaying it again stores nothing twice.
                return false;
            }

            replayed += batch.Length;
        }

        _spool.Clear();
        StorageMetrics.PositionsReplayed.Add(replayed);
        _logger.LogInformation("Replayed {Positions} spooled positions into the database; the spool is empty", replayed);
        return true;
    }

    async ValueTask<bool> TryCopyAsync(ReadOnlyMemory<StoredPosition> positions, bool replay, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.ExecuteAsync(
                static (state, token) => state.Writer.CopyAsync(state.Positions, state.Replay, token),
                (Writer: this, Positions: positions, Replay: replay),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException)
        {
            return false;
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Writing {Positions} positions failed; the batch goes to the spool {Spool}", positions.Length, _spool.Path);
            return false;
        }
    }

    async ValueTask CopyAsync(ReadOnlyMemory<StoredPosition> positions, bool replay, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!replay && _stagedBatchesLeft == 0)
            {
                await using var direct = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await CopyRowsAsync(connection, PositionCopy.DirectCopySql, positions, cancellationToken).ConfigureAwait(false);
                    await UpsertLastAsync(connection, positions, cancellationToken).ConfigureAwait(false);
                    await direct.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    await direct.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    _stagedBatchesLeft = StagedBatchesAfterDuplicate;
                }
            }
            else if (!replay)
            {
                _stagedBatchesLeft--;
            }

            await using var staged = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await CopyRowsAsync(connection, PositionCopy.StageCopySql, positions, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, PositionCopy.MergeStageSql, cancellationToken).ConfigureAwait(false);
            await UpsertLastAsync(connection, positions, cancellationToken).ConfigureAwait(false);
            await staged.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A connection that failed mid-COPY is in an unknown state: start over with a new one.
            await DropConnectionAsync().ConfigureAwait(false);
            throw;
        }
    }

    async ValueTask CopyRowsAsync(NpgsqlConnection connection, string copySql, ReadOnlyMemory<StoredPosition> positions, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(copySql, cancellationToken).ConfigureAwait(false);
        importer.Timeout = TimeSpan.FromSeconds(_options.CommandTimeoutSeconds);
        PositionCopy.WriteRows(importer, positions.Span);
        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    async ValueTask UpsertLastAsync(NpgsqlConnection connection, ReadOnlyMemory<StoredPosition> positions, CancellationToken cancellationToken)
    {
        _copy.PickNewest(positions.Span);
        if (_copy.PickedCount == 0)
        {
            return;
        }

        await using (var importer = await connection.BeginBinaryImportAsync(PositionCopy.LastCopySql, cancellationToken).ConfigureAwait(false))
        {
            _copy.WritePicked(importer, positions.Span);
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, PositionCopy.MergeLastSql, cancellationToken).ConfigureAwait(false);
    }

    async ValueTask ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = _options.CommandTimeoutSeconds };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            return _connection;
        }

        await DropConnectionAsync().ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stage = new NpgsqlCommand(PositionCopy.CreateStagesSql, connection);
            await stage.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _connection = connection;
        return connection;
    }

    async ValueTask DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                _logger.LogDebug(e, "Closing a broken connection failed");
            }
        }
    }

    ResiliencePipeline BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder();
        if (_options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<NpgsqlException>(e => e.IsTransient)
                    .Handle<TimeoutException>()
                    .Handle<IOException>(),
                MaxRetryAttempts = _options.MaxRetryAttempts,
                Delay = _options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = _options.BreakerSamplingDuration,
                BreakDuration = _options.BreakDuration,
                StateProvider = _circuit,
                OnOpened = args =>
                {
                    _logger.LogWarning("Database circuit open for {Duration}: positions go to the spool {Spool}", args.BreakDuration, _spool.Path);
                    return default;
                },
                OnClosed = _ =>
                {
                    _logger.LogInformation("Database circuit closed: writing positions to the database again");
                    return default;
                },
            })
            .Build();
    }
}
