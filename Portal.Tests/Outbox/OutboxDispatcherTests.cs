using System.Diagnostics.Metrics;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Outbox;

/// <summary>
/// The Worker's dispatcher over real PostgreSQL and a fake Resend speaking its wire format: a failing provider
/// delays an email, never loses or doubles it. Each test has a database of its own.
/// </summary>
public sealed class OutboxDispatcherTests(TestServers servers)
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_email_is_sent_once_with_the_outbox_key_as_its_idempotency_key()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        await using var resend = await FakeResend.StartAsync();
        var keys = await OutboxSeeding.AddEmailsAsync(database, 10);
        await using var worker = TestWorker.WithResend(database, resend);

        await worker.DrainUntilSettledAsync(database, TimeSpan.FromSeconds(30));

        Assert.Equal(keys.Order(), resend.Sent.Select(e => e.IdempotencyKey!).Order());
        Assert.Equal(10, resend.Requests);
        Assert.All(await OutboxSeeding.AllAsync(database), m =>
        {
            Assert.NotNull(m.ProcessedAt);
            Assert.Equal(1, m.Attempts);
        });
        var email = resend.Sent.First();
        Assert.Equal("Quiet Harbour Therapy <hello@quietharbour.example>", email.From);
        Assert.Contains("sent you a message", email.Subject);
        Assert.False(string.IsNullOrEmpty(email.Html));
        Assert.False(string.IsNullOrEmpty(email.Text));
    }

    [Fact]
    public async Task While_Resend_fails_emails_wait_and_after_it_recovers_each_is_delivered_exactly_once()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        await using var resend = await FakeResend.StartAsync();
        var keys = await OutboxSeeding.AddEmailsAsync(database, 20);
        resend.FailNext(45);
        await using var worker = TestWorker.WithResend(database, resend, more: new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "40" });

        await worker.DrainUntilSettledAsync(database, TimeSpan.FromSeconds(60));

        Assert.True(resend.Requests >= 65, $"only {resend.Requests} requests: the outage was not felt");
        Assert.Equal(keys.Order(), resend.Sent.Select(e => e.IdempotencyKey!).Order());
        var messages = await OutboxSeeding.AllAsync(database);
        Assert.All(messages, m => Assert.NotNull(m.ProcessedAt));
        Assert.All(messages, m => Assert.Null(m.DeadLetteredAt));
        Assert.Contains(messages, m => m.Attempts > 1);
    }

    [Fact]
    public async Task Two_dispatchers_at_once_over_500_messages_deliver_each_exactly_once()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        await using var resend = await FakeResend.StartAsync();
        var keys = await OutboxSeeding.AddEmailsAsync(database, 500);
        await using var first = TestWorker.WithResend(database, resend, more: new Dictionary<string, string?>
        {
            ["Email:From"] = "First Worker <first@quietharbour.example>",
        });
        await using var second = TestWorker.WithResend(database, resend, more: new Dictionary<string, string?>
        {
            ["Email:From"] = "Second Worker <second@quietharbour.example>",
        });

        await Task.WhenAll(first.DrainAsync(ct), second.DrainAsync(ct));

        // Not one message was even attempted twice: SKIP LOCKED kept the two apart.
        Assert.Equal(500, resend.Requests);
        Assert.Equal(keys.Order(), resend.Sent.Select(e => e.IdempotencyKey!).Order());
        Assert.Equal(0, resend.Replays);
        Assert.Contains(resend.Sent, e => e.From.StartsWith("First"));
        Assert.Contains(resend.Sent, e => e.From.StartsWith("Second"));
        Assert.All(await OutboxSeeding.AllAsync(database), m => Assert.Equal(1, m.Attempts));
    }

    [Fact]
    public async Task An_email_Resend_refuses_is_dead_lettered_at_once_with_the_reason_and_counted()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        await using var resend = await FakeResend.StartAsync();
        resend.RefuseRecipient = to => to.Contains("broken") ? "The `to` field must be a valid email address." : null;
        await OutboxSeeding.AddEmailsAsync(database, 1, recipient: "broken@example.com");
        var good = await OutboxSeeding.AddEmailsAsync(database, 1);
        using var deadLettered = new CounterWatch("portal.outbox.dead_lettered");
        await using var worker = TestWorker.WithResend(database, resend);

        await worker.DrainUntilSettledAsync(database, TimeSpan.FromSeconds(30));

        var messages = await OutboxSeeding.AllAsync(database);
        var dead = Assert.Single(messages, m => m.DeadLetteredAt is not null);
        Assert.Equal(1, dead.Attempts);
        Assert.Contains("422", dead.LastError);
        Assert.Contains("valid email address", dead.LastError);
        Assert.Equal(good, resend.Sent.Select(e => e.IdempotencyKey!));
        Assert.Equal(1, deadLettered.Total);
    }

    [Fact]
    public async Task A_refusal_that_quotes_the_recipient_is_stored_without_their_address()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        await using var resend = await FakeResend.StartAsync();
        resend.RefuseRecipient = to => $"The recipient {to} (phone +44 7911 123456) cannot receive email.";
        await OutboxSeeding.AddEmailsAsync(database, 1, recipient: "pat.quoted@example.com");
        await using var worker = TestWorker.WithResend(database, resend);

        await worker.DrainUntilSettledAsync(database, TimeSpan.FromSeconds(30));

        var dead = Assert.Single(await OutboxSeeding.AllAsync(database));
        Assert.NotNull(dead.DeadLetteredAt);
        Assert.Contains("cannot receive email", dead.LastError);
        Assert.DoesNotContain("pat.quoted@example.com", dead.LastError);
        Assert.DoesNotContain("7911", dead.LastError);
        Assert.Contains("[email]", dead.LastError);
    }

    [Fact]
    public async Task An_address_no_one_can_send_to_is_dead_lettered_without_asking_the_provider()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        await using var resend = await FakeResend.StartAsync();
        await OutboxSeeding.AddEmailsAsync(database, 1, recipient: "not-an-address@");
        await using var worker = TestWorker.WithResend(database, resend);

        await worker.DrainUntilSettledAsync(database, TimeSpan.FromSeconds(30));

        var message = Assert.Single(await OutboxSeeding.AllAsync(database));
        Assert.NotNull(message.DeadLetteredAt);
        Assert.Equal(1, message.Attempts);
        Assert.Contains("not-an-address@", message.LastError);
        Assert.Equal(0, resend.Requests);
    }

    [Fact]
    public async Task A_provider_that_never_recovers_dead_letters_the_email_after_the_last_attempt()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        await using var resend = await FakeResend.StartAsync();
        resend.FailNext(1000);
        await OutboxSeeding.AddEmailsAsync(database, 1);
        await using var worker = TestWorker.WithResend(database, resend, more: new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "3" });

        await worker.DrainUntilSettledAsync(database, TimeSpan.FromSeconds(30));

        var message = Assert.Single(await OutboxSeeding.AllAsync(database));
        Assert.NotNull(message.DeadLetteredAt);
        Assert.Null(message.ProcessedAt);
        Assert.Equal(3, message.Attempts);
        Assert.Equal(3, resend.Requests);
        Assert.Contains("500 application_error", message.LastError);
    }

    [Fact]
    public async Task An_email_Resend_refuses_for_good_goes_out_by_SMTP_when_SMTP_is_configured()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        await using var resend = await FakeResend.StartAsync();
        resend.RefuseRecipient = _ => "The domain is not verified.";
        await using var smtp = FakeSmtpServer.Start();
        var keys = await OutboxSeeding.AddEmailsAsync(database, 1);
        await using var worker = TestWorker.WithResend(database, resend, more: new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Port.ToString(),
            ["Smtp:Security"] = "None",
        });

        await worker.DrainUntilSettledAsync(database, TimeSpan.FromSeconds(30));

        Assert.Empty(resend.Sent);
        var received = Assert.Single(smtp.Received);
        Assert.Equal("reader0@example.com", received.To.Mailboxes.Single().Address);
        Assert.Contains("sent you a message", received.Subject);
        Assert.NotNull(received.HtmlBody);
        Assert.NotNull(received.TextBody);
        Assert.NotNull(Assert.Single(await OutboxSeeding.AllAsync(database)).ProcessedAt);
        Assert.Single(keys);
    }

    [Fact]
    public async Task Without_a_provider_in_Development_emails_land_in_the_pickup_folder_once_each()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        var folder = Directory.CreateTempSubdirectory("portal-mail-").FullName;
        try
        {
            var keys = await OutboxSeeding.AddEmailsAsync(database, 3);
            await using var worker = TestWorker.Create(database, new Dictionary<string, string?> { ["Email:PickupDirectory"] = folder });

            await worker.DrainUntilSettledAsync(database, TimeSpan.FromSeconds(30));

            var files = Directory.GetFiles(folder, "*.eml");
            Assert.Equal(3, files.Length);
            var message = await MimeKit.MimeMessage.LoadAsync(files[0], ct);
            Assert.Contains("sent you a message", message.Subject);
            Assert.Equal(3, Directory.GetFiles(folder, "*.html").Length);
            Assert.All(keys, key => Assert.Contains(files, f => Path.GetFileName(f).StartsWith(key.Replace(':', '-'))));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_running_Worker_is_woken_by_the_commit_not_by_its_poll()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        await using var resend = await FakeResend.StartAsync();
        await using var worker = TestWorker.WithResend(database, resend, more: new Dictionary<string, string?>
        {
            ["Outbox:PollInterval"] = "00:10:00",
        });
        await worker.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);

        // The first wake-up after connecting is spent; both of these need a notification to be seen in time.
        foreach (var round in new[] { 1, 2 })
        {
            var keys = await OutboxSeeding.AddEmailsAsync(database, 1);
            await Eventually.TrueAsync(() => resend.Sent.Any(e => e.IdempotencyKey == keys[0]), TimeSpan.FromSeconds(10),
                $"email of round {round} not sent within 10 s though the poll is 10 minutes away");
        }
    }

    /// <summary>Sums a counter of the Worker's meter while it lives.</summary>
    private sealed class CounterWatch : IDisposable
    {
        private readonly MeterListener listener = new();
        private long total;

        public CounterWatch(string instrument)
        {
            listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == "Portal.Outbox" && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref total, value));
            listener.Start();
        }

        public long Total => Interlocked.Read(ref total);

        public void Dispose() => listener.Dispose();
    }
}
