using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Sealing;

namespace Portal.Core.Intake;

/// <summary>A question as the therapist writes it; a new question has no id yet.</summary>
public sealed record QuestionDraft(Guid? Id, string? Kind, string? Text, bool Required, string[]? Choices);

/// <summary>A client's intake: the questions (of the version they answered, once submitted), their answers so far, where it stands.</summary>
/// <param name="Needed">Their discovery call is done and the form is neither in nor waived: ongoing sessions wait for it.</param>
public sealed record ClientIntake(
    int FormVersion, IReadOnlyList<IntakeQuestion> Questions, IReadOnlyDictionary<Guid, string[]> Answers,
    DateTimeOffset? SavedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? WaivedAt, bool Needed, bool Unreadable = false);

public enum IntakeSaveOutcome
{
    Saved,
    Submitted,
    Invalid,
    AlreadySubmitted,
    NothingAsked,
}

/// <summary>
/// The intake form: the therapist's questions, in versions; the client's answers, sealed, saved as they go and submitted
/// once; her reading of them, audited. The answers leave only through <see cref="ForClientAsync"/> (their own) and
/// <see cref="ReadForTherapistAsync"/>.
/// </summary>
public sealed class IntakeDesk(PortalDb db, Sealer sealer, TimeProvider clock)
{
    public async Task<IntakeForm> CurrentFormAsync(CancellationToken cancellationToken) =>
        await db.IntakeForms.AsNoTracking().OrderByDescending(f => f.Version).FirstOrDefaultAsync(cancellationToken) ?? IntakeForm.Empty;

    /// <summary>Makes the drafts the next version of the form (nothing changes when they ask what the form asks now).</summary>
    public async Task<(IntakeForm? Form, Dictionary<string, string[]> Problems)> ReviseAsync(
        IReadOnlyList<QuestionDraft> drafts, CancellationToken cancellationToken)
    {
        var (questions, problems) = IntakeRules.Questions(drafts);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var form = await db.InTransactionAsync(async () =>
        {
            await db.LockAsync("intake-form", cancellationToken);
            var current = await CurrentFormAsync(cancellationToken);
            if (current.SameQuestionsAs(questions))
            {
                return current;
            }

            var next = current.Next(questions, clock.GetUtcNow());
            db.IntakeForms.Add(next);
            await db.SaveChangesAsync(cancellationToken);
            return next;
        }, cancellationToken);
        return (form, problems);
    }

    /// <summary>The client's own intake: the form as it stands (or as they submitted it), with their answers.</summary>
    public async Task<ClientIntake?> ForClientAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null)
        {
            return null;
        }

        var response = await db.IntakeResponses.AsNoTracking().SingleOrDefaultAsync(r => r.ClientId == clientId, cancellationToken);
        var current = await CurrentFormAsync(cancellationToken);
        var form = response is { IsSubmitted: true }
            ? await db.IntakeForms.AsNoTracking().SingleAsync(f => f.Version == response.FormVersion, cancellationToken)
            : current;
        var (answers, unreadable) = Open(response);
        var needed = await db.IntakeNeededAsync(client, cancellationToken);
        return new ClientIntake(
            form.Version, form.Questions, Kept(answers, form.Questions), response?.SavedAt, response?.SubmittedAt, client.IntakeWaivedAt, needed,
            unreadable);
    }

    /// <summary>Saves the client's answers to the current form; with <paramref name="submit"/>, sends them (every required question answered).</summary>
    public async Task<(IntakeSaveOutcome Outcome, Dictionary<string, string[]> Problems)> SaveAsync(
        Guid clientId, IReadOnlyDictionary<Guid, string[]>? given, bool submit, CancellationToken cancellationToken)
    {
        var form = await CurrentFormAsync(cancellationToken);
        if (!form.AsksAnything)
        {
            return (IntakeSaveOutcome.NothingAsked, []);
        }

        var answers = IntakeRules.Tidy(given);
        var problems = IntakeRules.Answers(form.Questions, answers, submit);
        if (problems.Count > 0)
        {
            return (IntakeSaveOutcome.Invalid, problems);
        }

        var outcome = await db.InTransactionAsync(async () =>
        {
            await db.LockAsync($"intake:{clientId}", cancellationToken);
            var client = await db.Clients.SingleAsync(c => c.Id == clientId, cancellationToken);
            var response = await db.IntakeResponses.SingleOrDefaultAsync(r => r.ClientId == clientId, cancellationToken);
            if (response is { IsSubmitted: true })
            {
                return IntakeSaveOutcome.AlreadySubmitted;
            }

            if (response is null)
            {
                response = IntakeResponse.Start(clientId);
                db.IntakeResponses.Add(response);
            }

            var now = clock.GetUtcNow();
            var kept = Kept(answers, form.Questions);
            response.Save(form.Version, sealer.Seal(JsonSerializer.Serialize(kept, IntakeJson.Options), response.SealingPlace), now);
            if (submit)
            {
                response.Submit(now);
                client.IntakeSubmitted(now);
            }

            await db.SaveChangesAsync(cancellationToken);
            return submit ? IntakeSaveOutcome.Submitted : IntakeSaveOutcome.Saved;
        }, cancellationToken);
        return (outcome, problems);
    }

    /// <summary>
    /// The client's answers for the therapist, once sent (a draft is the client's until they send it: she sees only
    /// that one is under way); each showing of sent answers is audited.
    /// </summary>
    public async Task<ClientIntake?> ReadForTherapistAsync(Guid clientId, Reader reader, CancellationToken cancellationToken)
    {
        var intake = await ForClientAsync(clientId, cancellationToken);
        if (intake is null || intake.SubmittedAt is null)
        {
            return intake is null ? null : intake with { Answers = new Dictionary<Guid, string[]>() };
        }

        db.ClinicalReads.Add(ClinicalRead.Of(reader, clientId, ClinicalRecord.IntakeAnswers,
            $"intake form (version {intake.FormVersion}, sent)", clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return intake;
    }

    /// <summary>The therapist lets the client start without the form, or asks for it again.</summary>
    public async Task<bool> WaiveAsync(Guid clientId, bool waived, CancellationToken cancellationToken)
    {
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null)
        {
            return false;
        }

        if (waived)
        {
            client.WaiveIntake(clock.GetUtcNow());
        }
        else
        {
            client.RequireIntake();
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private (Dictionary<Guid, string[]> Answers, bool Unreadable) Open(IntakeResponse? response)
    {
        if (response is null)
        {
            return ([], false);
        }

        try
        {
            var json = sealer.Open(response.SealedAnswers, response.SealingPlace);
            return (JsonSerializer.Deserialize<Dictionary<Guid, string[]>>(json, IntakeJson.Options) ?? [], false);
        }
        catch (SealedValueException)
        {
            return ([], true);
        }
    }

    /// <summary>The answers to questions the form still asks: a question taken out takes its answer with it from the next save.</summary>
    private static Dictionary<Guid, string[]> Kept(IReadOnlyDictionary<Guid, string[]> answers, IReadOnlyList<IntakeQuestion> questions) =>
        questions.Where(q => answers.ContainsKey(q.Id)).ToDictionary(q => q.Id, q => answers[q.Id]);
}

public static class IntakeQueries
{
    public static async Task<bool> IntakeFormAsksAnythingAsync(this PortalDb db, CancellationToken cancellationToken) =>
        (await db.IntakeForms.AsNoTracking().OrderByDescending(f => f.Version).FirstOrDefaultAsync(cancellationToken))?.AsksAnything == true;

    /// <summary>
    /// Whether the intake form stands between this client and ongoing sessions: the form asks something, and they have
    /// not begun ongoing work (a client already in care when she first publishes a form is not locked out of it).
    /// </summary>
    public static async Task<bool> IntakeAskedOfAsync(this PortalDb db, Clients.Client client, CancellationToken cancellationToken) =>
        await db.IntakeFormAsksAnythingAsync(cancellationToken)
        && !await db.Bookings.AnyAsync(b => b.ClientId == client.Id && !b.IsDiscoveryCall
            && (b.Status == Bookings.BookingStatus.Confirmed || b.Status == Bookings.BookingStatus.Completed || b.Status == Bookings.BookingStatus.NoShow),
            cancellationToken);

    /// <summary>Past the discovery call, the form asked of them, and neither sent nor waived.</summary>
    public static async Task<bool> IntakeNeededAsync(this PortalDb db, Clients.Client client, CancellationToken cancellationToken) =>
        client is { DiscoveryCompletedAt: not null, IntakeDone: false } && await db.IntakeAskedOfAsync(client, cancellationToken);
}
