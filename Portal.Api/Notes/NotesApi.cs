using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Api.Audit;
using Portal.Api.Identity;
using Portal.Core.Notes;

namespace Portal.Api.Notes;

/// <summary>
/// The therapist's session notes: drafts, signing, amendments. Every answer that carries a note's words is a read of the
/// client's clinical record and is audited (in <see cref="NoteDesk"/>).
/// </summary>
public static class NotesApi
{
    public static IEndpointRouteBuilder MapNotesApi(this IEndpointRouteBuilder app)
    {
        var byClient = app.MapGroup("api/clients/{clientId:guid}/notes").WithTags("Notes").RequireAuthorization(Policies.Therapist);
        byClient.MapGet("/", ListNotes).WithName("ListClientNotes")
            .WithSummary("A client's notes, newest first, drafts and amendments included (audited).");
        byClient.MapPost("/", StartNote).WithName("StartNote")
            .WithSummary("Starts a note on the client (a draft), optionally on one of their sessions, free or SOAP.");

        var notes = app.MapGroup("api/notes").WithTags("Notes").RequireAuthorization(Policies.Therapist);
        notes.MapGet("/latest", LatestSigned).WithName("LatestSignedNotes")
            .WithSummary("Each named client's latest signed note (?clientId=… repeated), for Today (audited).");
        notes.MapGet("/{id:guid}", ReadNote).WithName("ReadNote").WithSummary("One note (audited).");
        notes.MapPut("/{id:guid}", SaveDraft).WithName("SaveNoteDraft")
            .WithSummary("Saves a draft's words as she types; a signed note is refused (409): amend it.");
        notes.MapPost("/{id:guid}/sign", Sign).WithName("SignNote")
            .WithSummary("Signs a note: from now on it is never changed, only amended.");
        notes.MapPost("/{id:guid}/amendments", Amend).WithName("AmendNote")
            .WithSummary("Starts an amendment (a draft of its own) of a signed note; the original stays as it was.");
        return app;
    }

    public static async Task<Ok<NoteResponse[]>> ListNotes(Guid clientId, NoteDesk desk, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok((await desk.ReadAllAsync(clientId, http.AsReader(), "notes", cancellationToken)).Select(NoteResponse.From).ToArray());

    public static async Task<Results<Created<NoteResponse>, ValidationProblem, ProblemHttpResult>> StartNote(
        Guid clientId, NewNoteRequest request, NoteDesk desk, CancellationToken cancellationToken)
    {
        var content = request.Content();
        if (Problems(request.Structure, content) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems, title: "The note needs another look");
        }

        var (note, refusal) = await desk.StartAsync(clientId, request.BookingId, request.Structure!.Value, content, cancellationToken);
        return note is null ? Refused(refusal!) : TypedResults.Created($"/api/notes/{note.Id}", NoteResponse.From(note));
    }

    public static async Task<Results<Ok<NoteResponse>, NotFound>> ReadNote(Guid id, NoteDesk desk, HttpContext http, CancellationToken cancellationToken) =>
        await desk.ReadAsync(id, http.AsReader(), cancellationToken) is { } note ? TypedResults.Ok(NoteResponse.From(note)) : TypedResults.NotFound();

    public static async Task<Results<Ok<NoteResponse>, ValidationProblem, ProblemHttpResult>> SaveDraft(
        Guid id, NoteWordsRequest request, NoteDesk desk, CancellationToken cancellationToken)
    {
        var content = request.Content();
        if (content.Problems() is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems, title: "The note needs another look");
        }

        var (note, refusal) = await desk.SaveDraftAsync(id, content, cancellationToken);
        return note is null ? Refused(refusal!) : TypedResults.Ok(NoteResponse.From(note));
    }

    public static async Task<Results<Ok<NoteResponse>, ProblemHttpResult>> Sign(Guid id, NoteDesk desk, HttpContext http, CancellationToken cancellationToken)
    {
        var (note, refusal) = await desk.SignAsync(id, http.AsReader(), cancellationToken);
        return note is null ? Refused(refusal!) : TypedResults.Ok(NoteResponse.From(note));
    }

    public static async Task<Results<Created<NoteResponse>, ValidationProblem, ProblemHttpResult>> Amend(
        Guid id, NoteWordsRequest request, NoteDesk desk, CancellationToken cancellationToken)
    {
        var content = request.Content();
        if (content.Problems() is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems, title: "The amendment needs another look");
        }

        var (note, refusal) = await desk.AmendAsync(id, content, cancellationToken);
        return note is null ? Refused(refusal!) : TypedResults.Created($"/api/notes/{note.Id}", NoteResponse.From(note));
    }

    public static async Task<Results<Ok<NoteResponse[]>, ValidationProblem>> LatestSigned(
        Guid[]? clientId, NoteDesk desk, HttpContext http, CancellationToken cancellationToken)
    {
        if (clientId is not { Length: > 0 and <= 50 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["clientId"] = ["Name 1 to 50 clients, as ?clientId=…&clientId=…"] });
        }

        return TypedResults.Ok((await desk.LatestSignedAsync(clientId.Distinct().ToArray(), http.AsReader(), cancellationToken))
            .Select(NoteResponse.From).ToArray());
    }

    private static Dictionary<string, string[]> Problems(NoteStructure? structure, NoteContent content)
    {
        var problems = content.Problems();
        if (structure is not { } known || !Enum.IsDefined(known))
        {
            problems["structure"] = ["Choose the note's structure: Free or Soap."];
        }

        return problems;
    }

    private static ProblemHttpResult Refused(NoteRefusal refusal) =>
        TypedResults.Problem(statusCode: refusal.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict,
            title: refusal.Title, detail: refusal.Detail);
}

public sealed record NewNoteRequest(
    NoteStructure? Structure, Guid? BookingId, string? Text, string? Subjective, string? Objective, string? Assessment, string? Plan)
{
    public NoteContent Content() => new(Text, Subjective, Objective, Assessment, Plan);
}

public sealed record NoteWordsRequest(string? Text, string? Subjective, string? Objective, string? Assessment, string? Plan)
{
    public NoteContent Content() => new(Text, Subjective, Objective, Assessment, Plan);
}

public sealed record NoteResponse(
    Guid Id, Guid ClientId, Guid? BookingId, string Structure, Guid? AmendsNoteId,
    string? Text, string? Subjective, string? Objective, string? Assessment, string? Plan,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? SignedAt, bool Unreadable)
{
    /// <remarks><see cref="Unreadable"/>: the words did not open (a sealing key no longer configured); the others are empty.</remarks>
    public static NoteResponse From(OpenedNote note) => new(
        note.Id, note.ClientId, note.BookingId, note.Structure.ToString(), note.AmendsNoteId,
        note.Content.Text, note.Content.Subjective, note.Content.Objective, note.Content.Assessment, note.Content.Plan,
        note.CreatedAt, note.UpdatedAt, note.SignedAt, note.Unreadable);
}
