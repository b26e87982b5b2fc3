namespace Portal.Core.Intake;

public enum QuestionKind
{
    ShortText,
    LongText,
    SingleChoice,
    MultipleChoice,
    YesNo,
}

/// <summary>
/// One question of the intake form. Its id stays the same when the therapist rewords it, so an answer given to an
/// earlier wording is carried to the next version of the form.
/// </summary>
public sealed record IntakeQuestion(Guid Id, QuestionKind Kind, string Text, bool Required, string[] Choices)
{
    public const int MaxTextLength = 500;
    public const int MaxChoices = 20;
    public const int MaxChoiceLength = 120;

    /// <summary>The values an answer may take: the choices, or yes/no; null for a text question.</summary>
    public IReadOnlyList<string>? AllowedValues => Kind switch
    {
        QuestionKind.YesNo => ["Yes", "No"],
        QuestionKind.SingleChoice or QuestionKind.MultipleChoice => Choices,
        _ => null,
    };

    public int MaxAnswerLength => Kind == QuestionKind.LongText ? 4000 : 300;
}
