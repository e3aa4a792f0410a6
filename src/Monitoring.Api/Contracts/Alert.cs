namespace Monitoring.Api.Contracts;

/// <summary>One violation episode as users see it (docs/api.md, "Alert").</summary>
/// <param name="Id">Opaque, URL-safe: the episode's vehicle, rule and start.</param>
/// <param name="Severity">1 pre-warning, 2–5 levels L1–L4 (RULES.md §12).</param>
/// <param name="EpisodeState">opened, escalated or closed: where the rule engine is.</param>
/// <param name="Handling">new, verifying, driver_warned, closed or dismissed: where the duty staff are.</param>
public sealed record Alert(
    string Id,
    long VehicleId,
    string Plate,
    short PlateColour,
    string PlateColourName,
    string Rule,
    string RuleName,
    short Severity,
    string SeverityName,
    string EpisodeState,
    string Handling,
    DateTime Start,
    DateTime? End,
    long? DurationSeconds,
    double? MaxSpeedKmh,
    double? LimitKmh,
    bool Late,
    long CarrierId,
    string CarrierName,
    int CountyId,
    string CountyName,
    DateTime UpdatedAt);

/// <summary>A page of alerts, newest first; <see cref="Next"/> is the cursor of the next page, null on the last.</summary>
public sealed record AlertPage(IReadOnlyList<Alert> Items, string? Next);

/// <summary>One step of handling: who did what, when, with what note.</summary>
public sealed record HandlingStep(string Step, string User, DateTime At, string? Note);

public sealed record Driver(string Name, string? LicenceNo);

/// <summary>An alert with everything needed to handle it.</summary>
/// <param name="Driver">Null: episodes do not record their driver yet.</param>
/// <param name="Track">Fixes from 10 minutes before the start to 10 minutes after the end (or now), at most 12 hours.</param>
/// <param name="AllowedActions">What <c>POST /api/alerts/{id}/handling</c> accepts now.</param>
/// <param name="SuggestedWarning">Text for the driver (TTS) that the console can offer.</param>
public sealed record AlertDetail(
    Alert Alert,
    Vehicle Vehicle,
    Driver? Driver,
    IReadOnlyList<PositionPoint> Track,
    IReadOnlyList<HandlingStep> Handling,
    IReadOnlyList<string> AllowedActions,
    string SuggestedWarning);

/// <summary>A handling action: verify, warn, close or dismiss.</summary>
/// <param name="Note">Free text; required (the reason) for dismiss.</param>
/// <param name="Text">warn only: the TTS text for the driver (default: the suggested warning).</param>
public sealed record HandlingRequest(string? Action, string? Note, string? Text);
