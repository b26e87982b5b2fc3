using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Portal.Core.Data;

namespace Portal.Api.Infrastructure;

/// <summary>
/// Turns what reaches the exception handler into the ProblemDetails a caller can act on: a request that could not be
/// read is the caller's to fix (400, saying what), a race lost to another request is a 409, a database that is away
/// is a 503 with Retry-After. Whatever is left is a fault of ours: a 500 that says nothing of its inside.
/// </summary>
public sealed class ApiExceptionProblems(IProblemDetailsService problems, DatabaseWatch database, ILogger<ApiExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, type, title, detail) = Describe(exception);
        if (status == StatusCodes.Status500InternalServerError)
        {
            return false;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("The database is unavailable: {Error}", exception.GetBaseException().Message);
            database.Suspect();
            http.Response.Headers.RetryAfter = DatabaseAway.RetryAfterSeconds;
        }

        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
        });
    }

    private (int Status, string Type, string Title, string Detail) Describe(Exception exception) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, "bad-request", "The request could not be read", Unreadable(bad)),
        _ when DatabaseFaults.IsRace(exception) => (StatusCodes.Status409Conflict, "conflict", "Changed at the same moment",
            "Another request changed the same thing at the same moment. Read it again and retry if it is still needed."),
        _ when DatabaseFaults.IsUnavailable(exception) || (exception is OperationCanceledException && database.IsAway) =>
            (StatusCodes.Status503ServiceUnavailable, DatabaseAway.Type, DatabaseAway.Title, DatabaseAway.Detail),
        _ => (StatusCodes.Status500InternalServerError, "", "", ""),
    };

    /// <summary>The framework's sentence (which parameter, from where) and the JSON reader's (where in the body, what).</summary>
    private static string Unreadable(BadHttpRequestException bad)
    {
        if (bad.InnerException is not JsonException json)
        {
            return bad.Message;
        }

        var at = string.IsNullOrEmpty(json.Path) ? "" : $" at {json.Path}";
        return $"The body is not JSON this operation can take{at}: {StrictJson.Reason(json)}";
    }
}
