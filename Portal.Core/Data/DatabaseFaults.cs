using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Portal.Core.Data;

/// <summary>
/// What a database error means to a caller: another request won a race (try again with fresh data), or the database
/// is away for now (try again in a moment). Anything else is a fault of ours.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>Unique and exclusion violations, serialization failures and deadlocks: two requests raced.</summary>
    public static bool IsRace(Exception exception) =>
        Find<PostgresException>(exception)?.SqlState is PostgresErrorCodes.UniqueViolation
            or PostgresErrorCodes.ExclusionViolation
            or PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.DeadlockDetected;

    /// <summary>The server cannot be reached, is shutting down or starting, or ran out of connections.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        if (Find<PostgresException>(exception) is { } postgres)
        {
            return postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
        }

        return exception is RetryLimitExceededException
            || Find<NpgsqlException>(exception) is { IsTransient: true }
            || Find<SocketException>(exception) is not null
            || (Find<NpgsqlException>(exception) is not null && Find<TimeoutException>(exception) is not null);
    }

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }
}
