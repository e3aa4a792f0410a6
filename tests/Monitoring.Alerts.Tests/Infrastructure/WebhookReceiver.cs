using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Monitoring.Alerts.Tests.Infrastructure;

/// <summary>One request as a receiver saw it, with what it answered (null = no answer: it was cut off).</summary>
sealed record ReceivedRequest(long EventId, string? Signature, string? ContentType, string Method, byte[] Body, bool SignatureValid)
{
    public int? Answered { get; set; }

    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A carrier's webhook receiver on 127.0.0.1 (HttpListener on a free port). It checks each signature with its own
/// HMAC-SHA256 over the raw body, records every request, and answers what <see cref="Handler"/> says. Stopped, its
/// port refuses connections; started again, it listens on the same port.
/// </summary>
sealed class WebhookReceiver : IAsyncDisposable
{
    readonly string _secret;
    HttpListener? _listener;
    Task? _loop;

    public WebhookReceiver(string secret)
    {
        _secret = secret;
        Port = FreePort();
    }

    public int Port { get; }

    public string Url => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/hooks/alerts/");

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>The status to answer for a request (default 200); may wait before answering.</summary>
    public Func<ReceivedRequest, Task<int>> Handler { get; set; } = _ => Task.FromResult(200);

    /// <summary>Event ids answered 2xx, once per answer.</summary>
    public IEnumerable<long> Acknowledged => Requests.Where(r => r.Answered is >= 200 and < 300).Select(r => r.EventId);

    public void Start()
    {
        var listener = new HttpListener();
        listener.Prefixes.Add(Url);
        listener.Start();
        _listener = listener;
        _loop = Task.Run(() => AcceptAsync(listener));
    }

    public async Task StopAsync()
    {
        if (_listener is { } listener)
        {
            _listener = null;
            listener.Close();
            await _loop!;
        }
    }

    async Task AcceptAsync(HttpListener listener)
    {
        var handlers = new List<Task>();
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }

            handlers.Add(Task.Run(() => HandleAsync(context)));
        }

        await Task.WhenAll(handlers);
    }

    async Task HandleAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        byte[] bytes = body.ToArray();
        string? signature = context.Request.Headers["X-Monitoring-Signature"];
        string expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_secret), bytes));
        var request = new ReceivedRequest(
            long.Parse(context.Request.Headers["X-Monitoring-Event"] ?? "-1", CultureInfo.InvariantCulture),
            signature,
            context.Request.ContentType,
            context.Request.HttpMethod,
            bytes,
            signature == expected);
        Requests.Enqueue(request);
        int status = await Handler(request);
        try
        {
            context.Response.StatusCode = status;
            context.Response.Close();
            request.Answered = status;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The sender gave up on this request.
        }
    }

    static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
