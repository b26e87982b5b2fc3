using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Portal.Web.Api;

namespace Portal.Web.Pages.Admin.Practice;

/// <summary>What the Api refused, put next to the field she typed it in (and so in the summary too).</summary>
public static class FormProblems
{
    /// <param name="fields">The Api's field name (camelCase) to the form's, where they differ; others are capitalised.</param>
    public static void Add(ModelStateDictionary state, ApiProblem problem, string prefix, IReadOnlyDictionary<string, string>? fields = null)
    {
        foreach (var (field, messages) in problem.Errors)
        {
            var name = fields?.GetValueOrDefault(field) ?? (field.Length > 0 ? char.ToUpperInvariant(field[0]) + field[1..] : "");
            foreach (var message in messages)
            {
                state.AddModelError(name.Length == 0 ? "" : $"{prefix}.{name}", message);
            }
        }

        if (problem.Errors.Count == 0)
        {
            state.AddModelError("", $"{problem.Title}. {problem.Detail}".Trim(' ', '.') + ".");
        }
    }

    /// <summary>The form's values as hidden fields, so a confirmation step can send back exactly what she typed.</summary>
    public static IEnumerable<(string Name, string Value)> HiddenFields(object input, string prefix) =>
        input.GetType().GetProperties()
            .Where(p => p.CanRead && p.CanWrite)
            .Select(p => ($"{prefix}.{p.Name}", p.GetValue(input) switch
            {
                null => "",
                bool b => b ? "true" : "false",
                DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                TimeOnly time => time.ToString("HH:mm", CultureInfo.InvariantCulture),
                var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
            }));
}
