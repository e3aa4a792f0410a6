using System.Threading.Channels;
using Mediator;

namespace Monitoring.Api.Live;

/// <summary>
/// The connected stream clients, each with a bounded queue. Receives the hub's <see cref="AlertEventsAppended"/>
/// and hands each client what its filter matches. A client whose queue is full is cut off (its queue completes);
/// it reconnects with Last-Event-ID and catches up from the table.
/// </summary>
sealed class AlertStreamSubscribers(ApiOptions options) : INotificationHandler<AlertEventsAppended>
{
    readonly Lock _lock = new();
    readonly HashSet<Subscription> _subscriptions = [];
    long _position;

    /// <summary>The largest event id fanned out so far.</summary>
    public long Position
    {
        get
        {
            lock (_lock)
            {
                return _position;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>Adds a client; it gets every matching event fanned out after <see cref="Subscription.From"/>.</summary>
    public Subscription Subscribe(StreamFilter filter)
    {
        lock (_lock)
        {
            var subscription = new Subscription(this, filter, _position, options.StreamClientQueue);
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Where the hub starts: events up to this id are history (Last-Event-ID replays them from the table).</summary>
    internal void Start(long position)
    {
        lock (_lock)
        {
            _position = Math.Max(_position, position);
        }
    }

    public ValueTask Handle(AlertEventsAppended notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        lock (_lock)
        {
            foreach (var e in notification.Events)
            {
                foreach (var subscription in _subscriptions)
                {
                    if (subscription.Filter.Matches(e) && !subscription.Queue.Writer.TryWrite(e))
                    {
                        subscription.Queue.Writer.TryComplete(new ChannelClosedException("The client fell too far behind."));
                    }
                }

                _position = Math.Max(_position, e.EventId);
            }
        }

        return ValueTask.CompletedTask;
    }

    void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }

    /// <summary>One client's queue; dispose to leave.</summary>
    public sealed class Subscription : IDisposable
    {
        readonly AlertStreamSubscribers _owner;

        internal Subscription(AlertStreamSubscribers owner, StreamFilter filter, long from, int capacity)
        {
            _owner = owner;
            Filter = filter;
            From = from;
            Queue = Channel.CreateBounded<LiveAlert>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        }

        public StreamFilter Filter { get; }

        /// <summary>The hub's position when the client joined: live events come after it.</summary>
        public long From { get; }

        public Channel<LiveAlert> Queue { get; }

        public void Dispose()
        {
            _owner.Remove(this);
            Queue.Writer.TryComplete();
        }
    }
}
