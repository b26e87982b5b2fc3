namespace Portal.Core.Messaging;

/// <summary>What a subject and a message body must be: plain text of a sensible length, with something in it.</summary>
public static class MessageRules
{
    public static Dictionary<string, string[]> Check(string? subject, string? body, bool needsSubject)
    {
        var errors = new Dictionary<string, string[]>();
        if (needsSubject)
        {
            if (string.IsNullOrWhiteSpace(subject))
            {
                errors["subject"] = ["Give the conversation a subject, a few words saying what it is about."];
            }
            else if (subject.Trim().Length > Message.MaxSubjectLength)
            {
                errors["subject"] = [$"A subject is at most {Message.MaxSubjectLength} characters; this one has {subject.Trim().Length}."];
            }
            else if (subject.Any(c => char.IsControl(c)))
            {
                errors["subject"] = ["A subject is one line of text, without line breaks or tabs."];
            }
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            errors["body"] = ["Write your message: it is empty."];
        }
        else if (Trimmed(body).Length > Message.MaxBodyLength)
        {
            errors["body"] = [$"A message is at most {Message.MaxBodyLength:N0} characters; this one has {Trimmed(body).Length:N0}. Split it in two."];
        }
        else if (body.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors["body"] = ["The message holds characters that are not text. Paste it as plain text."];
        }

        return errors;
    }

    /// <summary>Line breaks are kept; only blank lines and spaces at either end go, and Windows line ends become \n.</summary>
    public static string Trimmed(string body) => body.Replace("\r\n", "\n").Replace('\r', '\n').Trim();
}
