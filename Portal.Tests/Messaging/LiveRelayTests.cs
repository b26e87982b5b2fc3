extern alias Web;

using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Messaging;
using Portal.Tests.Infrastructure;
using Portal.Tests.Pages;
using StackExchange.Redis;
using Web::Portal.Web.Messaging;

namespace Portal.Tests.Messaging;

/// <summary>
/// Two Web replicas on one Redis, each with a browser-like connection to its hub: a notice the Api publishes is passed
/// on once (one replica claims it), and reaches the connections on both replicas through the backplane.
/// </summary>
public sealed class LiveRelayTests : IAsyncLifetime
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly string prefix = $"relay-test-{Guid.NewGuid():N}";
    private LocalRedis redis = null!;
    private readonly List<WebFactory> webs = [];

    public async ValueTask InitializeAsync() => redis = await LocalRedis.StartAsync();

    [Fact]
    public async Task A_notice_reaches_the_therapists_connections_on_every_replica_once()
    {
        var first = StartWeb();
        var second = StartWeb();
        using var onFirst = await HubConnection.OpenAsync(first, ct);
        using var onSecond = await HubConnection.OpenAsync(second, ct);

        var notice = MessageNotice.Of(MessageNoticeKind.Posted, Guid.NewGuid(), Guid.NewGuid(), byTherapist: false);
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var channel = RedisChannel.Literal(MessageNotice.Channel(prefix));
        await Eventually.TrueAsync(async () => await publisher.GetServers()[0].SubscriptionSubscriberCountAsync(channel) == 2,
            TimeSpan.FromSeconds(10), "the two replicas do not both listen for notices");
        await publisher.GetSubscriber().PublishAsync(channel, notice.ToJson());

        var heardFirst = await onFirst.NextNoticeAsync(ct);
        var heardSecond = await onSecond.NextNoticeAsync(ct);
        Assert.Contains(notice.ThreadId.ToString(), heardFirst);
        Assert.Contains(notice.ThreadId.ToString(), heardSecond);
        Assert.DoesNotContain(notice.ClientId.ToString(), heardFirst);
        // Passed on once: a second copy would arrive within this time.
        Assert.Null(await onFirst.NextNoticeAsync(ct, TimeSpan.FromSeconds(1)));
        Assert.True(await publisher.GetDatabase().KeyExistsAsync($"{prefix}:messages:notice:{notice.Id:N}"));
    }

    [Fact]
    public async Task The_pages_script_and_the_vendored_SignalR_client_are_served_by_the_web_itself()
    {
        using var http = new HttpClient { BaseAddress = StartWeb() };

        foreach (var script in new[] { "/lib/signalr/signalr.min.js", "/js/messages-live.js" })
        {
            using var response = await http.GetAsync(script, ct);
            Assert.True(response.IsSuccessStatusCode, $"{script}: {response.StatusCode}");
        }
    }

    private Uri StartWeb()
    {
        var api = new StandInApi();
        var port = FreeTcpPort.Next();
        var web = new WebFactory(
            redisConnectionString: redis.ConnectionString,
            settings: new Dictionary<string, string>
            {
                ["Api:BaseAddress"] = StandInApi.BaseAddress,
                ["Messaging:LiveChannelPrefix"] = prefix,
            },
            services: services => services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => api)));
        web.UseKestrel(port);
        web.StartServer();
        webs.Add(web);
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var web in webs)
        {
            await web.DisposeAsync();
        }

        await redis.DisposeAsync();
    }

    /// <summary>What a browser's SignalR client does, by hand: negotiate, open the websocket, shake hands, listen.</summary>
    private sealed class HubConnection(ClientWebSocket socket) : IDisposable
    {
        private const char Separator = '\u001e';
        private readonly StringBuilder pending = new();

        public static async Task<HubConnection> OpenAsync(Uri web, CancellationToken ct)
        {
            using var http = new HttpClient { BaseAddress = web };
            using var negotiation = await http.PostAsync("/hubs/messages/negotiate?negotiateVersion=1", null, ct);
            negotiation.EnsureSuccessStatusCode();
            var token = System.Text.Json.JsonDocument.Parse(await negotiation.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("connectionToken").GetString();
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Cookie", "__Host-portal-session=a-session-token");
            await socket.ConnectAsync(new Uri($"ws://{web.Authority}/hubs/messages?id={token}"), ct);
            var connection = new HubConnection(socket);
            await connection.SendAsync("{\"protocol\":\"json\",\"version\":1}", ct);
            Assert.Equal("{}", await connection.ReceiveAsync(ct, TimeSpan.FromSeconds(10)));
            // The handshake is answered before the hub puts the connection in its group; then it says it listens.
            Assert.NotNull(await connection.NextAsync(MessagesHub.ListeningMethod, ct));
            return connection;
        }

        /// <summary>The next notice, skipping pings; null when none comes in time.</summary>
        public Task<string?> NextNoticeAsync(CancellationToken ct, TimeSpan? within = null) =>
            NextAsync(MessagesHub.NoticeMethod, ct, within);

        /// <summary>The next call of the page's <paramref name="target"/> handler, skipping pings; null when none comes in time.</summary>
        public async Task<string?> NextAsync(string target, CancellationToken ct, TimeSpan? within = null)
        {
            var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
            while (DateTime.UtcNow < deadline)
            {
                var message = await ReceiveAsync(ct, deadline - DateTime.UtcNow);
                if (message is null)
                {
                    return null;
                }

                if (message.Contains($"\"target\":\"{target}\"", StringComparison.Ordinal))
                {
                    return message;
                }
            }

            return null;
        }

        private async Task SendAsync(string message, CancellationToken ct) =>
            await socket.SendAsync(Encoding.UTF8.GetBytes(message + Separator), WebSocketMessageType.Text, true, ct);

        private async Task<string?> ReceiveAsync(CancellationToken ct, TimeSpan within)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(within);
            var buffer = new byte[8192];
            while (pending.ToString().IndexOf(Separator) < 0)
            {
                try
                {
                    var result = await socket.ReceiveAsync(buffer, timeout.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return null;
                    }

                    pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    return null;
                }
            }

            var text = pending.ToString();
            var end = text.IndexOf(Separator);
            pending.Remove(0, end + 1);
            return text[..end];
        }

        public void Dispose() => socket.Dispose();
    }
}
