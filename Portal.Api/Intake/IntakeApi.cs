using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Api.Audit;
using Portal.Api.Identity;
using Portal.Core.Intake;

namespace Portal.Api.Intake;

/// <summary>The intake form: the therapist's questions, the client's answers (sealed), her reading of them (audited), and her waiver.</summary>
public static class IntakeApi
{
    public static IEndpointRouteBuilder MapIntakeApi(this IEndpointRouteBuilder app)
    {
        var form = app.MapGroup("api/intake").WithTags("Intake").RequireAuthorization(Policies.Therapist);
        form.MapGet("/form", GetForm)
            .WithName("GetIntakeForm")
            .WithSummary("The intake form as clients see it now: its version and questions in order (version 0 asks nothing).");
        form.MapPut("/form", ReviseForm)
            .WithName("ReviseIntakeForm")
            .WithSummary("Replaces the questions, making the next version; answers already given keep the version they answered.");

        var mine = app.MapGroup("api/me/intake").WithTags("Intake").RequireAuthorization(Policies.Client);
        mine.MapGet("/", MyIntake)
            .WithName("MyIntake")
            .WithSummary("The signed-in client's intake form with their answers so far, and whether it is needed, saved or sent.");
        mine.MapPut("/", SaveMyIntake)
            .WithName("SaveMyIntake")
            .WithSummary("Saves the client's answers; with submit=true sends them (every required question answered) and opens ongoing sessions.");

        var clients = app.MapGroup("api/clients/{id:guid}").WithTags("Intake").RequireAuthorization(Policies.Therapist);
        clients.MapGet("/intake", ClientIntake)
            .WithName("ClientIntake")
            .WithSummary("A client's intake answers with the questions they answered (audited).");
        clients.MapPut("/intake-waiver", Waive)
            .WithName("WaiveClientIntake")
            .WithSummary("waived=true lets the client book ongoing sessions without the intake form; false asks for it again.");
        return app;
    }

    public static async Task<Ok<IntakeFormResponse>> GetForm(IntakeDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok(IntakeFormResponse.From(await desk.CurrentFormAsync(cancellationToken)));

    public static async Task<Results<Ok<IntakeFormResponse>, ValidationProblem>> ReviseForm(
        IntakeFormRequest request, IntakeDesk desk, CancellationToken cancellationToken)
    {
        if (request.Questions is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["questions"] = ["List the questions in order (an empty list asks nothing)."] },
                title: "The form needs another look");
        }

        var (form, problems) = await desk.ReviseAsync(request.Questions, cancellationToken);
        return form is null
            ? TypedResults.ValidationProblem(problems, title: "The form needs another look")
            : TypedResults.Ok(IntakeFormResponse.From(form));
    }

    public static async Task<Ok<ClientIntakeResponse>> MyIntake(ClaimsPrincipal user, IntakeDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok(ClientIntakeResponse.From((await desk.ForClientAsync(user.AsCaller().ClientId!.Value, cancellationToken))!));

    public static async Task<Results<Ok<ClientIntakeResponse>, ValidationProblem, ProblemHttpResult>> SaveMyIntake(
        IntakeAnswersRequest request, ClaimsPrincipal user, IntakeDesk desk, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<Guid, string[]>();
        var malformed = new Dictionary<string, string[]>();
        foreach (var (key, values) in request.Answers ?? [])
        {
            if (Guid.TryParse(key, out var id))
            {
                answers[id] = values ?? [];
            }
            else
            {
                malformed[$"answers.{key}"] = ["Answers are keyed by the question's id, as GET /api/me/intake gives it."];
            }
        }

        if (malformed.Count > 0)
        {
            return TypedResults.ValidationProblem(malformed, title: "The answers need another look");
        }

        var clientId = user.AsCaller().ClientId!.Value;
        var (outcome, problems) = await desk.SaveAsync(clientId, answers, request.Submit, cancellationToken);
        return outcome switch
        {
            IntakeSaveOutcome.Invalid => TypedResults.ValidationProblem(problems, title: "A few answers need another look"),
            IntakeSaveOutcome.AlreadySubmitted => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "Your intake form is already sent",
                detail: "Sent answers are not changed here. If something has changed, tell the therapist in a message."),
            IntakeSaveOutcome.NothingAsked => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "There is no intake form to fill in",
                detail: "The practice does not ask for an intake form at the moment."),
            _ => TypedResults.Ok(ClientIntakeResponse.From((await desk.ForClientAsync(clientId, cancellationToken))!)),
        };
    }

    public static async Task<Results<Ok<ClientIntakeResponse>, NotFound>> ClientIntake(
        Guid id, HttpContext http, IntakeDesk desk, CancellationToken cancellationToken) =>
        await desk.ReadForTherapistAsync(id, http.AsReader(), cancellationToken) is { } intake
            ? TypedResults.Ok(ClientIntakeResponse.From(intake))
            : TypedResults.NotFound();

    public static async Task<Results<NoContent, NotFound>> Waive(
        Guid id, IntakeWaiverRequest request, IntakeDesk desk, CancellationToken cancellationToken) =>
        await desk.WaiveAsync(id, request.Waived, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}

public sealed record IntakeFormRequest(QuestionDraft[]? Questions);

public sealed record IntakeAnswersRequest(Dictionary<string, string[]?>? Answers, bool Submit = false);

public sealed record IntakeWaiverRequest(bool Waived);

public sealed record IntakeQuestionResponse(Guid Id, string Kind, string Text, bool Required, string[] Choices)
{
    public static IntakeQuestionResponse From(IntakeQuestion q) => new(q.Id, q.Kind.ToString(), q.Text, q.Required, q.Choices);
}

public sealed record IntakeFormResponse(int Version, IntakeQuestionResponse[] Questions)
{
    public static IntakeFormResponse From(IntakeForm form) => new(form.Version, [.. form.Questions.Select(IntakeQuestionResponse.From)]);
}

/// <param name="Unreadable">The answers are stored but did not open (their sealing key is not configured).</param>
public sealed record ClientIntakeResponse(
    int FormVersion, IntakeQuestionResponse[] Questions, Dictionary<Guid, string[]> Answers, DateTimeOffset? SavedAt,
    DateTimeOffset? SubmittedAt, DateTimeOffset? WaivedAt, bool Needed, bool Unreadable)
{
    public static ClientIntakeResponse From(ClientIntake intake) => new(
        intake.FormVersion, [.. intake.Questions.Select(IntakeQuestionResponse.From)], intake.Answers.ToDictionary(), intake.SavedAt,
        intake.SubmittedAt, intake.WaivedAt, intake.Needed, intake.Unreadable);
}
