using Mediator;
using Microsoft.Extensions.Logging;
using Monitoring.Api.Access;
using Monitoring.Api.Data;
using Monitoring.Api.Downlink;
using Monitoring.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Api.Alerts;

/// <summary>One handling action on an alert (docs/api.md, "Handling"); the endpoint has validated action, note and text.</summary>
public sealed record HandleAlert(Caller Caller, EpisodeKey Key, string Action, string? Note, string? Text) : ICommand<HandlingOutcome>;

/// <summary>
/// Moves an alert through the handling state machine under a per-episode lock, so that two monitors acting at once
/// are serialized and the second sees the first's step. A warning is sent (0x8300 TTS, acknowledged by the broker)
/// before its step is recorded, and the step records the text; a terminal alarm that JT/T 808 lets the platform
/// confirm (0x8203) is confirmed on its first handling step, noted in that step.
/// </summary>
sealed class HandleAlertHandler(ApiDatabase database, AlertReader alerts, AlertQueryHandlers details, ITerminalDownlink downlink, TimeProvider time,
    ILogger<HandleAlertHandler> logger) : ICommandHandler<HandleAlert, HandlingOutcome>
{
    /// <summary>Alarm bits a platform may confirm with 0x8203 (JT/T 808-2013 §8.49 / table 24).</summary>
    static readonly int[] ConfirmableBits = [0, 3, 20, 21, 22, 27, 28];

    public async ValueTask<HandlingOutcome> Handle(HandleAlert command, CancellationToken cancellationToken)
    {
        var key = command.Key;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 1297040456))", connection, transaction))
        {
            lockCommand.Parameters.Add(new() { Value = $"{key.VehicleId}|{key.Rule}|{key.StartTime.Ticks}" });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var alert = await alerts.FindAsync(command.Caller, key, connection, transaction, cancellationToken).ConfigureAwait(false);
        if (alert is null)
        {
            return new HandlingOutcome(HandlingResult.NotFound, null);
        }

        string? next = HandlingStates.Next(alert.Handling, command.Action);
        if (next is null)
        {
            var allowed = HandlingStates.Allowed(alert.Handling);
            return new HandlingOutcome(HandlingResult.NotAllowed, null,
                $"'{command.Action}' is not allowed when the alert is '{alert.Handling}'; allowed: {(allowed.Count > 0 ? string.Join(", ", allowed) : "nothing (the alert is finished)")}.");
        }

        var notes = new List<string>();
        string? phone = await TerminalPhoneAsync(connection, transaction, key.VehicleId, cancellationToken).ConfigureAwait(false);
        if (command.Action == HandlingStates.Warn)
        {
            if (phone is null)
            {
                return new HandlingOutcome(HandlingResult.NoTerminal, null, $"Vehicle {alert.Plate} has no terminal to send the warning to.");
            }

            string text = command.Text ?? Warnings.Suggested(alert);
            var (topic, frame) = DownlinkFrames.TextToSpeech(phone, text);
            if (await SendAsync(topic, frame, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                return failure;
            }

            notes.Add($"0x8300 TTS → {topic}: {text}");
        }

        if (alert.Handling == HandlingStates.New && phone is not null && ConfirmableBit(alert.Rule) is { } bit)
        {
            var (topic, frame) = DownlinkFrames.AlarmConfirmation(phone, bit);
            if (await SendAsync(topic, frame, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                return failure;
            }

            notes.Add($"0x8203 alarm confirmation (bit {bit}) → {topic}");
        }

        if (!string.IsNullOrWhiteSpace(command.Note))
        {
            notes.Insert(0, command.Note.Trim());
        }

        await using (var insert = new NpgsqlCommand("""
            INSERT INTO alert_handling (vehicle_id, rule, episode_start, step, user_name, handled_at, note)
            SELECT $1, $2, $3, $4, $5, greatest($6, (SELECT max(handled_at) + interval '1 microsecond' FROM alert_handling
                                                     WHERE vehicle_id = $1 AND rule = $2 AND episode_start = $3)), $7
            """, connection, transaction))
        {
            insert.Parameters.Add(new() { Value = key.VehicleId, NpgsqlDbType = NpgsqlDbType.Bigint });
            insert.Parameters.Add(new() { Value = key.Rule, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = key.StartTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new() { Value = next, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = command.Caller.User, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = time.GetUtcNow().UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new() { Value = notes.Count == 0 ? DBNull.Value : string.Join("\n", notes), NpgsqlDbType = NpgsqlDbType.Text });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Alert {Vehicle}/{Rule}/{Start:O}: {Action} by {User} → {State}.", key.VehicleId, key.Rule, key.StartTime, command.Action, command.Caller.User, next);
        var updated = await alerts.FindAsync(command.Caller, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new HandlingOutcome(HandlingResult.Done, await details.DetailAsync(command.Caller, updated!, cancellationToken).ConfigureAwait(false));
    }

    async Task<HandlingOutcome?> SendAsync(string topic, byte[] frame, CancellationToken cancellationToken)
    {
        try
        {
            await downlink.SendAsync(topic, frame, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (DownlinkException e)
        {
            return new HandlingOutcome(HandlingResult.DownlinkFailed, null, e.Message);
        }
    }

    static int? ConfirmableBit(string rule)
    {
        if (!rule.StartsWith(Labels.TerminalAlarmPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        string name = rule[Labels.TerminalAlarmPrefix.Length..];
        foreach (int bit in ConfirmableBits)
        {
            if (Rules.TerminalAlarmNames.ToName(bit) == name)
            {
                return bit;
            }
        }

        return null;
    }

    static async Task<string?> TerminalPhoneAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long vehicleId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT terminal_phone FROM vehicles WHERE id = $1", connection, transaction);
        command.Parameters.Add(new() { Value = vehicleId });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
