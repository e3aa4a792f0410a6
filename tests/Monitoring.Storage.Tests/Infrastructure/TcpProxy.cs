using System.Net;
using System.Net.Sockets;

namespace Monitoring.Storage.Tests.Infrastructure;

/// <summary>
/// A TCP forwarder in front of the database that a test can cut: every open connection is reset and new ones
/// are refused until <see cref="Resume"/>. <see cref="CutAfterClientBytes"/> cuts in the middle of a transfer
/// (e.g. half way through a COPY), which a server stop cannot do deterministically.
/// </summary>
public sealed class TcpProxy : IDisposable
{
    readonly IPEndPoint _target;
    readonly Lock _sync = new();
    readonly List<Socket> _open = [];
    TcpListener? _listener;
    long _clientBytes;
    long _cutAt = long.MaxValue;

    public TcpProxy(string host, int port)
    {
        _target = new IPEndPoint(IPAddress.Parse(host), port);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Resume();
    }

    public int Port { get; }

    /// <summary>Completed when a cut armed by <see cref="CutAfterClientBytes"/> has happened.</summary>
    public TaskCompletionSource Cutting { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cuts everything once the client has sent <paramref name="bytes"/> more bytes.</summary>
    public void CutAfterClientBytes(long bytes)
    {
        lock (_sync)
        {
            Cutting = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _cutAt = Interlocked.Read(ref _clientBytes) + bytes;
        }
    }

    /// <summary>Resets every connection and refuses new ones.</summary>
    public void Cut()
    {
        lock (_sync)
        {
            _cutAt = long.MaxValue;
            _listener?.Stop();
            _listener = null;
            foreach (var socket in _open)
            {
                try
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
                catch (ObjectDisposedException)
                {
                }
            }

            _open.Clear();
            Cutting.TrySetResult();
        }
    }

    public void Resume()
    {
        lock (_sync)
        {
            if (_listener is not null)
            {
                return;
            }

            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _ = AcceptLoopAsync(listener);
        }
    }

    public void Dispose() => Cut();

    async Task AcceptLoopAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(_target);
            }
            catch (SocketException)
            {
                client.Close();
                server.Close();
                continue;
            }

            lock (_sync)
            {
                if (_listener != listener)
                {
                    client.Close();
                    server.Close();
                    return;
                }

                _open.Add(client);
                _open.Add(server);
            }

            _ = PumpAsync(client, server, countsTowardsCut: true);
            _ = PumpAsync(server, client, countsTowardsCut: false);
        }
    }

    async Task PumpAsync(Socket from, Socket to, bool countsTowardsCut)
    {
        byte[] buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (countsTowardsCut && Interlocked.Add(ref _clientBytes, n) >= Interlocked.Read(ref _cutAt))
                {
                    Cut();
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Cut, or one side went away: the other side notices on its own.
        }
    }
}
