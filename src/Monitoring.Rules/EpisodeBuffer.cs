namespace Monitoring.Rules;

/// <summary>
/// Caller-owned event buffer the engine appends to. Reuse it across batches (<see cref="Clear"/>):
/// it grows only when a batch produces more events than ever before, so steady state allocates nothing.
/// </summary>
public sealed class EpisodeBuffer
{
    EpisodeEvent[] _items;
    int _count;

    public EpisodeBuffer(int capacity = 1024) => _items = new EpisodeEvent[Math.Max(capacity, 16)];

    public int Count => _count;

    public ReadOnlySpan<EpisodeEvent> Events => _items.AsSpan(0, _count);

    public ref readonly EpisodeEvent this[int index] => ref Events[index];

    public void Clear() => _count = 0;

    internal void Add(in EpisodeEvent episodeEvent)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        _items[_count++] = episodeEvent;
    }
}
