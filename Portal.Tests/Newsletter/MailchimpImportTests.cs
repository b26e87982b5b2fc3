using System.Net;
using System.Net.Http.Json;
using Portal.Api.Newsletter;
using Portal.Core.Newsletter;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Newsletter;

/// <summary>A Mailchimp audience export in: subscribed rows only, duplicates merged case-insensitively, consent times kept.</summary>
public sealed class MailchimpImportTests(NewsletterApiFactory api) : IClassFixture<NewsletterApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    // As Mailchimp writes its subscribed file, with rows from its unsubscribed and cleaned files pasted in.
    private const string Export = """
        "Email Address","First Name","Last Name","MEMBER_RATING","OPTIN_TIME","OPTIN_IP","CONFIRM_TIME","CONFIRM_IP","UNSUB_TIME","CLEAN_TIME","LEID","EUID","NOTES"
        ada@import.example,Ada,Lovelace,2,"2024-01-05 09:00:00",,"2024-01-05 10:00:00",203.0.113.7,,,1,a1,
        ADA@Import.Example,Ada,L,2,,,,,,,2,a2,
        "bob@import.example","Bob","Stone",3,"2023-06-01 08:30:00",,,,,,3,b1,"likes, commas"
        gone@import.example,Gone,Away,1,,,,,"2024-02-01 12:00:00",,4,c1,
        bounced@import.example,Bad,Box,1,,,,,,"2024-03-01 12:00:00",5,d1,
        not-an-address,No,Body,1,,,,,,,6,e1,
        """;

    [Fact]
    public void Only_subscribed_rows_are_kept_and_an_address_twice_is_one()
    {
        var audience = MailchimpImport.Read(Export);

        Assert.Null(audience.Problem);
        Assert.Equal((6, 1, 1, 1, 1), (audience.Rows, audience.Unsubscribed, audience.Cleaned, audience.Invalid, audience.Duplicates));
        Assert.Equal(["ada@import.example", "bob@import.example"], audience.Subscribers.Select(s => s.Email));
        Assert.Equal("Ada Lovelace", audience.Subscribers[0].Name);
        Assert.Equal(new DateTimeOffset(2024, 1, 5, 10, 0, 0, TimeSpan.Zero), audience.Subscribers[0].ConsentedAt);
        Assert.Equal(new DateTimeOffset(2023, 6, 1, 8, 30, 0, TimeSpan.Zero), audience.Subscribers[1].ConsentedAt);
    }

    [Fact]
    public void A_file_without_an_email_address_column_is_not_an_export()
    {
        Assert.NotNull(MailchimpImport.Read("name,phone\nAda,123\n").Problem);
    }

    [Fact]
    public async Task The_preview_changes_nothing_and_the_import_adds_subscribed_rows_with_their_consent_records()
    {
        var therapist = await api.TherapistSignedInAsync();
        await NewsletterSeeding.SubscribedAsync(api, 1, "bob@import.example", SubscriberStatus.Unsubscribed);

        var preview = await (await therapist.PostAsJsonAsync("/api/newsletter/import/preview", new { csv = Export }, ct))
            .Content.ReadFromJsonAsync<ImportPreviewResponse>(ct);
        Assert.Equal(2, preview!.Subscribed);
        Assert.Null(await api.SubscriberAsync("ada@import.example"));

        var imported = await (await therapist.PostAsJsonAsync("/api/newsletter/import", new { csv = Export }, ct))
            .Content.ReadFromJsonAsync<ImportResponse>(ct);
        var again = await (await therapist.PostAsJsonAsync("/api/newsletter/import", new { csv = Export }, ct))
            .Content.ReadFromJsonAsync<ImportResponse>(ct);

        // Bob left the list here: an old export does not put him back.
        Assert.Equal(new ImportResponse(1, 0, 1), imported);
        Assert.Equal(new ImportResponse(0, 1, 1), again);
        var ada = (await api.SubscriberAsync("ada@import.example"))!;
        Assert.Equal(SubscriberStatus.Subscribed, ada.Status);
        var consent = Assert.Single(await api.ConsentsAsync(ada.Id));
        Assert.Equal((ConsentAction.Imported, "mailchimp import", new DateTimeOffset(2024, 1, 5, 10, 0, 0, TimeSpan.Zero)),
            (consent.Action, consent.Source, consent.At));
        Assert.Null(await api.SubscriberAsync("gone@import.example"));
        Assert.Null(await api.SubscriberAsync("bounced@import.example"));
    }

    [Fact]
    public async Task Something_that_is_not_an_export_is_sent_back()
    {
        var therapist = await api.TherapistSignedInAsync();
        var response = await therapist.PostAsJsonAsync("/api/newsletter/import", new { csv = "just text" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
