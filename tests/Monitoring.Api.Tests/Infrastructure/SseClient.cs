using System.Text.Json;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>Reads a text/event-stream response event by event.</summary>
public sealed class SseClient : IAsyncDisposable
{
    readonly HttpResponseMessage _response;
    readonly StreamReader _reader;

    SseClient(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public sealed record Event(long Id, string Name, JsonElement Data);

    public static async Task<SseClient> ConnectAsync(HttpClient client, string url, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var sse = new SseClient(response, reader);
        // The first block is "retry:"; once it is here the client is subscribed.
        Assert.StartsWith("retry:", await sse.ReadLineAsync(), StringComparison.Ordinal);
        return sse;
    }

    /// <summary>The next event (comment lines skipped); a generous timeout, as the hub polls.</summary>
    public async Task<Event> NextAsync()
    {
        long id = 0;
        string? name = null;
        string? data = null;
        while (true)
        {
            string line = await ReadLineAsync();
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new Event(id, name!, JsonDocument.Parse(data).RootElement.Clone());
                }

                continue;
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
    }

    async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("The stream ended.");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
