using System.Text.Json.Nodes;
using Portal.Core.Cms;

namespace Portal.Worker.Cms;

/// <summary>
/// A little real-looking content for a newcomer's Development stack: the site's pages, three articles, two episodes
/// and a few questions. Added only to an empty Directus (no site pages yet), so it never overwrites her words.
/// </summary>
public sealed class CmsSampleContent(DirectusAdmin directus, TimeProvider time)
{
    /// <returns>Whether anything was added.</returns>
    public async Task<bool> AddWhenEmptyAsync(CancellationToken cancellationToken)
    {
        var pages = await directus.GetAsync($"items/{CmsCollections.SitePages}?limit=1&fields=key", cancellationToken);
        if (pages is JsonArray { Count: > 0 })
        {
            return false;
        }

        var now = time.GetUtcNow();
        var portrait = await directus.UploadAsync("portrait.png", "image/png", SampleMedia.PortraitPng(), "Portrait", cancellationToken);
        var audio = await directus.UploadAsync("episode.wav", "audio/wav", SampleMedia.ToneWav(), "Episode audio", cancellationToken);

        foreach (var page in Pages(portrait))
        {
            await directus.PostAsync($"items/{CmsCollections.SitePages}", page, cancellationToken);
        }

        string[] titles = ["Why the first session feels strange (and why that is fine)", "Sleep when your mind will not stop", "What to say when you do not know what to say"];
        for (var i = 0; i < titles.Length; i++)
        {
            await directus.PostAsync($"items/{CmsCollections.Articles}", new JsonObject
            {
                ["status"] = CmsPublication.Published,
                ["title"] = titles[i],
                ["slug"] = Slug(titles[i]),
                ["summary"] = "A short, practical note from the practice about something many clients ask.",
                ["body"] = $"Many people arrive with a question like this one.\n\n## A first step\n\nNotice what you feel, without judging it. Then write one sentence about it.\n\n- Breathe out slowly\n- Name what you notice\n- Be kind to yourself\n\nIf you would like to talk it through, a free discovery call is a good start.",
                ["cover_image"] = i == 0 ? portrait : null,
                ["cover_alt"] = i == 0 ? "A soft, warm abstract picture" : null,
                ["author"] = "The practice",
                ["published_at"] = now.AddDays(-7 * (i + 1)).ToString("O"),
            }, cancellationToken);
        }

        for (var n = 1; n <= 2; n++)
        {
            await directus.PostAsync($"items/{CmsCollections.PodcastEpisodes}", new JsonObject
            {
                ["status"] = CmsPublication.Published,
                ["title"] = n == 1 ? "Breathing space: a four-second pause" : "Noticing without judging",
                ["slug"] = n == 1 ? "breathing-space" : "noticing-without-judging",
                ["description"] = "A very short guided moment to stop and notice your breath. Find a quiet place and press play.",
                ["audio"] = audio,
                ["duration_seconds"] = 4,
                ["episode_number"] = n,
                ["published_at"] = now.AddDays(-10 * n).ToString("O"),
            }, cancellationToken);
        }

        (string Q, string A)[] questions =
        [
            ("What happens in the free discovery call?", "We talk for twenty minutes about what brings you here and whether working together feels right. There is no obligation."),
            ("Are sessions online?", "Yes: sessions are by video, so you can join from somewhere quiet and private."),
            ("How do I cancel or move a session?", "From your own page, up to the cancellation window the practice sets. See the cancellation policy."),
        ];
        for (var i = 0; i < questions.Length; i++)
        {
            await directus.PostAsync($"items/{CmsCollections.FaqEntries}", new JsonObject
            {
                ["status"] = CmsPublication.Published,
                ["sort"] = i + 1,
                ["question"] = questions[i].Q,
                ["answer"] = questions[i].A,
            }, cancellationToken);
        }

        return true;
    }

    private static IEnumerable<JsonObject> Pages(string portrait)
    {
        yield return Page(CmsCollections.PageKeys.Home, "A calm place to start",
            "Talking therapy for adults, online, at a pace that suits you.",
            "I am a counsellor who works with adults going through anxiety, low mood, loss and change. Sessions are a calm, confidential space to talk things through at your own pace.\n\nThe first step is a free twenty-minute call, so you can see whether we are a good fit.",
            portrait, "The therapist, smiling, in a warm and quiet room");
        yield return Page(CmsCollections.PageKeys.About, "About me",
            "Who I am, how I work and what to expect from sessions.",
            "I trained as an integrative counsellor and have worked with adults for over ten years.\n\n## How I work\n\nWe agree together what you would like from our sessions. I listen closely, ask gentle questions and offer ways of understanding what is happening for you.\n\n## Qualifications\n\n- Diploma in Integrative Counselling\n- Registered member of a professional body",
            portrait, "The therapist, smiling, in a warm and quiet room");
        yield return Page(CmsCollections.PageKeys.Privacy, "Privacy notice",
            "How the practice uses, keeps and protects your personal information.",
            "The practice keeps your name, email address and phone number to arrange sessions with you, and notes of sessions to provide your care.\n\n## Your rights\n\nYou can ask for a copy of your data, ask for it to be corrected, or close your account at any time from your own page.\n\n## How long we keep it\n\nRecords are kept only as long as the law and professional guidance require.",
            null, null);
        yield return Page(CmsCollections.PageKeys.Fees, "Fees", "What sessions cost.", "The discovery call is free. Session fees are shown when you book.", null, null);
        yield return Page(CmsCollections.PageKeys.Cancellation, "Cancellation policy", "How to cancel or move a session.",
            "You can cancel or move a session from your own page until the cancellation window the practice sets.", null, null);
    }

    private static JsonObject Page(string key, string title, string summary, string body, string? portrait, string? alt) => new()
    {
        ["key"] = key,
        ["title"] = title,
        ["summary"] = summary,
        ["body"] = body,
        ["portrait"] = portrait,
        ["portrait_alt"] = alt,
    };

    private static string Slug(string title) =>
        string.Join('-', new string([.. title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
