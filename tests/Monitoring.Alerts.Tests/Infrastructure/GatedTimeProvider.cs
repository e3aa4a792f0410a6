namespace Monitoring.Alerts.Tests.Infrastructure;

/// <summary>Real "now", but timers (and so <c>Task.Delay</c> on this provider) fire only when the test releases
/// them: a test can hold a component in its wait, act, then let it go on.</summary>
sealed class GatedTimeProvider : TimeProvider
{
    readonly Lock _lock = new();
    readonly List<GatedTimer> _pending = [];

    /// <summary>Timers waiting to be released.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GatedTimer(this, callback, state);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_lock)
            {
                _pending.Add(timer);
            }
        }

        return timer;
    }

    /// <summary>Fires every pending timer once.</summary>
    public void ReleaseAll()
    {
        GatedTimer[] due;
        lock (_lock)
        {
            due = [.. _pending];
            _pending.Clear();
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    void Remove(GatedTimer timer)
    {
        lock (_lock)
        {
            _pending.Remove(timer);
        }
    }

    sealed class GatedTimer(GatedTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Remove(this);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                lock (owner._lock)
                {
                    owner._pending.Add(this);
                }
            }

            return true;
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
