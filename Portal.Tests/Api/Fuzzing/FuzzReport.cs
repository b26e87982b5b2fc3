using System.Text;

namespace Portal.Tests.Api.Fuzzing;

/// <summary>How the Api answered one fuzz request, sent as one caller.</summary>
/// <param name="Thrown">The exception the Api's handler saw for it, if any.</param>
/// <param name="Unanswered">Why no answer came (the client timed out, or the server broke the exchange).</param>
public sealed record FuzzAnswer(
    FuzzRequest Request, string Caller, int Status, TimeSpan Took, string? MediaType, int BodyLength, string BodyStart,
    Exception? Thrown, Exception? Unanswered)
{
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(5);

    public bool Failed => Unanswered is not null || Status >= 500 || Took > Slow;

    /// <summary>A 4xx with a body that is not ProblemDetails.</summary>
    public bool NotProblemDetails => Status is >= 400 and < 500 && BodyLength > 0 && MediaType != "application/problem+json";

    public string Outcome =>
        Unanswered is not null ? $"no answer ({Unanswered.GetType().Name})"
        : Took > Slow && Status < 500 ? $"{Status} after {Took.TotalSeconds:0.0} s"
        : $"{Status}{(Thrown is null ? "" : $" {Name(Thrown)}")}";

    /// <summary>With the innermost exception's type when it wraps one: a DbUpdateException says little on its own.</summary>
    public static string Name(Exception exception) =>
        exception.GetBaseException() is var inner && inner != exception
            ? $"{exception.GetType().Name} ({inner.GetType().Name})"
            : exception.GetType().Name;
}

/// <summary>The fuzz run told for a person: requests per operation, then each failure with what to send to see it again.</summary>
public sealed class FuzzReport(int seed, IReadOnlyList<FuzzAnswer> answers, int notSent, TimeSpan took, int parallelism)
{
    private readonly List<FuzzAnswer> failures = [.. answers.Where(a => a.Failed)];
    private readonly List<FuzzAnswer> notProblemDetails = [.. answers.Where(a => a.NotProblemDetails)];

    public bool Passed => failures.Count == 0 && notProblemDetails.Count == 0;

    private string Headline =>
        $"Seed {seed} (PORTAL_FUZZ_SEED={seed} repeats it): {answers.Count:N0} requests to "
        + $"{answers.Select(a => a.Request.Operation).Distinct().Count()} operations in {took.TotalSeconds:0.0} s, {parallelism} at a time; "
        + $"{notSent:N0} more not sent (query, header and body value cases for a caller its valid-shaped request showed 401/403).";

    public string Summary => new StringBuilder().AppendLine(Headline).AppendLine("Requests per operation, by status:").Append(Counts()).ToString();

    public string Problems
    {
        get
        {
            var text = new StringBuilder().AppendLine(Headline);
            if (failures.Count > 0)
            {
                text.AppendLine().AppendLine($"{failures.Count} answers were 5xx, slower than {FuzzAnswer.Slow.TotalSeconds:0} s or missing. By kind:")
                    .Append(Classes(failures))
                    .AppendLine().AppendLine("Each failing request:").Append(Requests(failures));
            }

            if (notProblemDetails.Count > 0)
            {
                text.AppendLine().AppendLine($"{notProblemDetails.Count} 4xx answers had a body that is not application/problem+json:")
                    .Append(Classes(notProblemDetails)).AppendLine().Append(Requests(notProblemDetails));
            }

            return text.ToString();
        }
    }

    /// <summary>The problems, then what is told and not failed: the counts, 4xx without a body, mutations the Api accepted.</summary>
    public string Full
    {
        get
        {
            var text = new StringBuilder(Problems).AppendLine().AppendLine("Requests per operation, by status:").Append(Counts());
            var bodiless = answers.Where(a => a.Status is >= 400 and < 500 && a.BodyLength == 0).ToList();
            if (bodiless.Count > 0)
            {
                text.AppendLine().AppendLine($"{bodiless.Count} 4xx answers had no body at all (told, not failed):").Append(Classes(bodiless));
            }

            var accepted = answers.Where(a => a.Status is >= 200 and < 300 && a.Request.Part != RequestPart.None).ToList();
            text.AppendLine().AppendLine("Mutated requests the Api accepted (2xx), for a look whether it should have (told, not failed):")
                .Append(Classes(accepted));
            return text.ToString();
        }
    }

    private string Counts()
    {
        var text = new StringBuilder();
        foreach (var operation in answers.GroupBy(a => a.Request.Operation).OrderBy(g => g.Key.Path).ThenBy(g => g.Key.Method))
        {
            var statuses = operation.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}");
            text.AppendLine($"{operation.Count(),5}  {operation.Key}: {string.Join(", ", statuses)}; slowest {operation.Max(a => a.Took).TotalMilliseconds:0} ms");
        }

        return text.ToString();
    }

    /// <summary>One line per kind: an operation, what it answered, where it broke, and the mutations that did it.</summary>
    private static string Classes(IReadOnlyList<FuzzAnswer> some)
    {
        var text = new StringBuilder();
        foreach (var kind in some.GroupBy(f => (f.Request.Operation, f.Outcome, Where: Where(f.Thrown)))
                     .OrderBy(g => g.Key.Operation.Path).ThenBy(g => g.Key.Operation.Method).ThenBy(g => g.Key.Outcome))
        {
            var mutations = kind.Select(f => f.Request.Mutation).Distinct().ToList();
            text.AppendLine($"{kind.Key.Operation} → {kind.Key.Outcome} {kind.Key.Where} ({kind.Count()} requests, {mutations.Count} mutations): "
                + FuzzRequest.Shorten(string.Join("; ", mutations), 600));
        }

        return text.ToString();
    }

    /// <summary>Each request once, with the callers it failed for.</summary>
    private static string Requests(IReadOnlyList<FuzzAnswer> some)
    {
        var text = new StringBuilder();
        foreach (var request in some.GroupBy(a => (a.Request, a.Outcome)).OrderBy(g => g.Key.Request.Operation.Path))
        {
            var first = request.First();
            text.AppendLine($"{request.Key.Request.Operation.Name} [{request.Key.Request.Mutation}] → {request.Key.Outcome} as {string.Join(", ", request.Select(a => a.Caller))}");
            text.AppendLine($"    {request.Key.Request.Describe()}");
            text.AppendLine($"    answer: {first.MediaType ?? "(no content type)"}: {FuzzRequest.Shorten(first.BodyStart, 300)}");
            if ((first.Thrown ?? first.Unanswered) is { } exception)
            {
                var inner = exception.GetBaseException();
                text.AppendLine($"    exception: {exception.GetType().FullName}: {Line(exception)}"
                    + (inner == exception ? "" : $" ← {inner.GetType().FullName}: {Line(inner)}") + $" {Where(exception)}");
            }
        }

        return text.ToString();
    }

    private static string Line(Exception exception) => FuzzRequest.Shorten(exception.Message.ReplaceLineEndings(" "), 300);

    /// <summary>The innermost frame in the portal's own code, where a fix would go.</summary>
    private static string Where(Exception? exception)
    {
        var frame = exception?.ToString().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at Portal.", StringComparison.Ordinal));
        return frame is null ? "" : $"({frame})";
    }
}
