using Microsoft.AspNetCore.Mvc.ModelBinding;
using Portal.Web.Api;

namespace Portal.Web.Messaging;

/// <summary>What the Api said about a message she or they tried to send, put where the page shows it.</summary>
public static class MessageForm
{
    public const string Prefix = "Input";

    /// <summary>
    /// A field's problem goes next to the field (and so into the summary); a refusal by the progression rule (403) is
    /// the sentence to show instead of the form, returned; anything else (a rate limit) goes into the summary.
    /// </summary>
    public static string? Apply(ModelStateDictionary state, ApiProblem problem)
    {
        if (problem.Status == StatusCodes.Status403Forbidden)
        {
            return problem.Detail ?? problem.Title;
        }

        foreach (var (field, messages) in problem.Errors)
        {
            var key = field.ToLowerInvariant() switch
            {
                "subject" => $"{Prefix}.{nameof(MessageInput.Subject)}",
                "body" => $"{Prefix}.{nameof(MessageInput.Body)}",
                _ => "",
            };
            foreach (var message in messages)
            {
                state.AddModelError(key, message);
            }
        }

        if (problem.Errors.Count == 0)
        {
            state.AddModelError("", problem.Detail ?? problem.Title);
        }

        return null;
    }
}
