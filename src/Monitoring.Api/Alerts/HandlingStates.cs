namespace Monitoring.Api.Alerts;

/// <summary>
/// The handling state machine (docs/api.md): new → verify → verifying → warn → driver_warned → close → closed;
/// close also from verifying; dismiss (a false alarm, with the reason) from new or verifying; warn again from
/// driver_warned (a driver who goes on after the first reminder). Each step is stored in <c>alert_handling</c>
/// under the name of the state it leads to, so the current state is the latest step.
/// </summary>
static class HandlingStates
{
    public const string New = "new";
    public const string Verifying = "verifying";
    public const string DriverWarned = "driver_warned";
    public const string Closed = "closed";
    public const string Dismissed = "dismissed";

    public const string Verify = "verify";
    public const string Warn = "warn";
    public const string Close = "close";
    public const string Dismiss = "dismiss";

    public static readonly string[] All = [New, Verifying, DriverWarned, Closed, Dismissed];

    public static readonly string[] Actions = [Verify, Warn, Close, Dismiss];

    /// <summary>The steps stored in alert_handling that are states (other steps, if any, do not move the state).</summary>
    public const string StepsSql = "('verifying', 'driver_warned', 'closed', 'dismissed')";

    /// <summary>The state an action leads to from <paramref name="state"/>, or null when it is not allowed there.</summary>
    public static string? Next(string state, string action) => (state, action) switch
    {
        (New, Verify) => Verifying,
        (New or Verifying, Dismiss) => Dismissed,
        (Verifying or DriverWarned, Warn) => DriverWarned,
        (Verifying or DriverWarned, Close) => Closed,
        _ => null,
    };

    public static IReadOnlyList<string> Allowed(string state) => [.. Actions.Where(a => Next(state, a) is not null)];
}
