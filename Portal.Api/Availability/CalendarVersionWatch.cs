using Npgsql;
using Portal.Core.Data;

namespace Portal.Api.Availability;

/// <summary>
/// The calendar's version as this Api last learnt it, so a slot search need not ask the database. PostgreSQL says
/// when it moves (<c>LISTEN calendar_version</c>, sent at the commit of any change the free times depend on, from any
/// replica, the Worker or psql); the version is read afresh after a reconnect, after a quiet spell, and after this Api
/// commits a change itself, so a visitor who books sees it gone on their very next search.
/// While the watch is not sure, <see cref="Known"/> is null and a search reads the version as before.
/// </summary>
public sealed class CalendarVersionWatch(IConfiguration configuration, ILogger<CalendarVersionWatch> logger) : BackgroundService
{
    public const string Channel = "calendar_version";

    /// <summary>With no notice for this long the version is read anyway, in case a notice was lost.</summary>
    public static readonly TimeSpan QuietSpell = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private long version = -1;
    private long doubts;

    /// <summary>Whether notices can arrive: until the listener is back, a version read is used but not trusted.</summary>
    private volatile bool listening;

    /// <summary>A change to the free times was committed somewhere (a notice came); raised on the listener's thread.</summary>
    public event Action? Changed;

    /// <summary>The version, when the watch is sure of it.</summary>
    public long? Known => Volatile.Read(ref version) is var known and >= 0 ? known : null;

    /// <summary>Taken before reading the version, handed to <see cref="Learn"/> after: a doubt raised in between wins.</summary>
    public long Doubts => Interlocked.Read(ref doubts);

    /// <summary>Something may have changed that no notice has announced yet (this Api committed a write).</summary>
    public void Doubt()
    {
        lock (gate)
        {
            doubts++;
            Volatile.Write(ref version, -1);
        }
    }

    /// <summary>The version a search read from the database: trusted only while notices can arrive to move it on.</summary>
    public void Learn(long read, long doubtsBefore)
    {
        lock (gate)
        {
            if (listening && doubts == doubtsBefore && read > version)
            {
                Volatile.Write(ref version, read);
            }
        }
    }

    /// <summary>The version the listener read itself, after its LISTEN: taken as it is (even lower, if set back by hand).</summary>
    private void Settle(long read, long doubtsBefore)
    {
        var moved = false;
        lock (gate)
        {
            if (doubts == doubtsBefore)
            {
                moved = read != version;
                Volatile.Write(ref version, read);
            }
        }

        // A change whose notice was missed (the listener was away) is a change all the same.
        if (moved)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>
    /// A notice moves a known version on. While in doubt only a read settles it (the notice may be an older commit's),
    /// and a read already under way may predate the notice: it is not taken either.
    /// </summary>
    private void Heard(long announced)
    {
        lock (gate)
        {
            if (version < 0)
            {
                doubts++;
            }
            else if (announced > version)
            {
                Volatile.Write(ref version, announced);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Short timeouts: a connection that died without a word is found out at the next quiet-spell read.
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(PortalDbRegistration.ConnectionName))
        {
            Pooling = false,
            KeepAlive = 5,
            Timeout = 5,
            CommandTimeout = 5,
        }.ConnectionString;
        var pause = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, notice) =>
                {
                    if (long.TryParse(notice.Payload, out var announced))
                    {
                        Heard(announced);
                        Changed?.Invoke();
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                pause = TimeSpan.FromMilliseconds(250);
                listening = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    // Listening first, then reading: a change committed in between is either in the read or announced.
                    var doubtsBefore = Doubts;
                    await using (var read = new NpgsqlCommand("SELECT version FROM calendar_version WHERE id = 1", connection))
                    {
                        Settle(await read.ExecuteScalarAsync(stoppingToken) is long current
                            ? current
                            : throw new InvalidOperationException("calendar_version has no row: the migrations have not run"), doubtsBefore);
                    }

                    while (await connection.WaitAsync(QuietSpell, stoppingToken))
                    {
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException or System.IO.IOException)
            {
                listening = false;
                Doubt();
                logger.LogWarning("Lost the calendar's change notices ({Reason}); searches read the version until they are back", exception.Message);
                await Task.Delay(pause, stoppingToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
    }
}
