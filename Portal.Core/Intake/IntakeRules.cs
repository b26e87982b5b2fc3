namespace Portal.Core.Intake;

/// <summary>What a question and an answer must be, with each problem said so the person can put it right.</summary>
public static class IntakeRules
{
    public static (IReadOnlyList<IntakeQuestion> Questions, Dictionary<string, string[]> Problems) Questions(IReadOnlyList<QuestionDraft>? drafts)
    {
        var problems = new Dictionary<string, string[]>();
        drafts ??= [];
        if (drafts.Count > IntakeForm.MaxQuestions)
        {
            problems["questions"] = [$"The form asks at most {IntakeForm.MaxQuestions} questions."];
            return ([], problems);
        }

        var questions = new List<IntakeQuestion>();
        var ids = new HashSet<Guid>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            var field = $"questions[{i}]";
            if (draft is null)
            {
                problems[field] = ["Each question needs its words and its kind."];
                continue;
            }

            var text = draft.Text?.Trim() ?? "";
            if (!Enum.TryParse<QuestionKind>(draft.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(draft.Kind, out _))
            {
                problems[$"{field}.kind"] = ["Choose the kind of answer: ShortText, LongText, SingleChoice, MultipleChoice or YesNo."];
                continue;
            }

            if (text.Length is 0 or > IntakeQuestion.MaxTextLength)
            {
                problems[$"{field}.text"] = [$"Write the question (up to {IntakeQuestion.MaxTextLength} characters)."];
            }

            var choices = (draft.Choices ?? []).Select(c => c?.Trim() ?? "").Where(c => c.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            if (kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice)
            {
                if (choices.Length is < 2 or > IntakeQuestion.MaxChoices || choices.Any(c => c.Length > IntakeQuestion.MaxChoiceLength))
                {
                    problems[$"{field}.choices"] =
                        [$"A choice question offers 2 to {IntakeQuestion.MaxChoices} choices, each up to {IntakeQuestion.MaxChoiceLength} characters."];
                }
            }
            else
            {
                choices = [];
            }

            var id = draft.Id is { } given && given != Guid.Empty ? given : Guid.CreateVersion7();
            if (!ids.Add(id))
            {
                problems[$"{field}.id"] = ["Each question appears once."];
            }

            questions.Add(new IntakeQuestion(id, kind, text, draft.Required, choices));
        }

        return (questions, problems);
    }

    /// <summary>Answers without blanks: an empty answer is no answer.</summary>
    public static Dictionary<Guid, string[]> Tidy(IReadOnlyDictionary<Guid, string[]>? given) =>
        (given ?? new Dictionary<Guid, string[]>())
            .Select(a => (a.Key, Values: (a.Value ?? []).Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).Distinct().ToArray()))
            .Where(a => a.Values.Length > 0)
            .ToDictionary(a => a.Key, a => a.Values);

    /// <summary>Each answer fits its question; when sending, every required question is answered.</summary>
    public static Dictionary<string, string[]> Answers(IReadOnlyList<IntakeQuestion> questions, IReadOnlyDictionary<Guid, string[]> answers, bool submit)
    {
        var problems = new Dictionary<string, string[]>();
        var byId = questions.ToDictionary(q => q.Id);
        foreach (var (id, values) in answers)
        {
            if (!byId.TryGetValue(id, out var question))
            {
                problems[$"answers.{id}"] = ["The form does not ask this question (any more). Reload the form and answer what it asks."];
                continue;
            }

            if (question.AllowedValues is { } allowed)
            {
                if (values.Any(v => !allowed.Contains(v)))
                {
                    problems[$"answers.{id}"] = [$"Choose from: {string.Join(", ", allowed)}."];
                }
                else if (question.Kind != QuestionKind.MultipleChoice && values.Length > 1)
                {
                    problems[$"answers.{id}"] = ["Choose one."];
                }
            }
            else if (values.Length > 1 || values[0].Length > question.MaxAnswerLength)
            {
                problems[$"answers.{id}"] = [$"Answer in up to {question.MaxAnswerLength} characters."];
            }
        }

        if (submit)
        {
            foreach (var question in questions.Where(q => q.Required && !answers.ContainsKey(q.Id)))
            {
                problems.TryAdd($"answers.{question.Id}", ["This question needs an answer before the form is sent."]);
            }
        }

        return problems;
    }
}
