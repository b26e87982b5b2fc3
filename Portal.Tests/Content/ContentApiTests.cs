using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Content;
using Portal.Core.Notifications;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Content.ContentSamples;

namespace Portal.Tests.Content;

/// <summary>The library through the Api: upload, files back byte for byte and by range, sharing, isolation, sealing.</summary>
public sealed class ContentApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private static string Unique(string word) => $"{word} {Guid.NewGuid():N}";

    [Fact]
    public async Task A_file_comes_back_byte_for_byte_and_a_range_comes_back_as_206_with_exactly_those_bytes()
    {
        var therapist = await api.TherapistSignedInAsync();
        var bytes = Pdf((3 * 1024 * 1024) + 12_345); // four chunks, the last a short one
        var id = await UploadAsync(therapist, "Worksheet", "Sleep diary.pdf", bytes);

        var whole = await therapist.GetAsync($"/api/content/{id}/file", ct);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync(ct));
        Assert.Equal("application/pdf", whole.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", whole.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("private", whole.Headers.CacheControl!.ToString());
        Assert.Equal("Sleep diary.pdf", whole.Content.Headers.ContentDisposition!.FileNameStar);

        foreach (var (from, to) in new[] { (1000L, 1999L), (ContentChunkSize - 10, ContentChunkSize + 9), (bytes.Length - 5L, bytes.Length - 1L) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/content/{id}/file");
            request.Headers.Range = new RangeHeaderValue(from, to);
            var part = await therapist.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal(bytes[(int)from..(int)(to + 1)], await part.Content.ReadAsByteArrayAsync(ct));
            Assert.Equal($"bytes {from}-{to}/{bytes.Length}", part.Content.Headers.ContentRange!.ToString());
        }
    }

    private const long ContentChunkSize = Portal.Core.Content.ContentChunk.Size;

    [Fact]
    public async Task A_pdf_renamed_mp3_is_refused_as_audio_with_a_sentence_saying_what_is_taken_and_leaves_nothing()
    {
        var therapist = await api.TherapistSignedInAsync();
        var title = Unique("Renamed");

        var response = await therapist.PostAsync("/api/content", Form("Audio", title, "relax.mp3", new ByteArrayContent(Pdf(50_000))), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(ct);
        Assert.Contains("MP3, M4A/AAC, OGG or WAV", problem!.Errors["file"].Single());
        await using var db = api.OpenDb();
        Assert.False(await db.ContentItems.AnyAsync(i => i.Title == title, ct));
    }

    [Fact]
    public async Task An_upload_cut_off_half_way_leaves_no_item_and_no_chunks()
    {
        var therapist = await api.TherapistSignedInAsync();
        await using var db = api.OpenDb();
        var chunksBefore = await db.ContentChunks.CountAsync(ct);
        var itemsBefore = await db.ContentItems.CountAsync(ct);

        var form = Form("Worksheet", Unique("Cut off"), "long.pdf", new BreaksOffContent(Pdf(3 * 1024 * 1024), breakAfter: 2_500_000));
        await Assert.ThrowsAnyAsync<Exception>(() => therapist.PostAsync("/api/content", form, ct));

        await Eventually.TrueAsync(async () => await db.ContentChunks.CountAsync(ct) == chunksBefore, TimeSpan.FromSeconds(10), "chunks were left behind");
        Assert.Equal(itemsBefore, await db.ContentItems.CountAsync(ct));
    }

    [Fact]
    public async Task The_chunk_table_holds_no_plain_bytes_of_an_uploaded_file()
    {
        var therapist = await api.TherapistSignedInAsync();
        var bytes = Pdf(200_000);
        var id = await UploadAsync(therapist, "Worksheet", "plain.pdf", bytes);

        await using var db = api.OpenDb();
        var stored = await db.ContentChunks.Where(c => c.ItemId == id).Select(c => c.SealedBytes).SingleAsync(ct);
        Assert.Equal(-1, stored.AsSpan().IndexOf(bytes.AsSpan(0, 9)));    // "%PDF-1.7\n"
        Assert.Equal(-1, stored.AsSpan().IndexOf(bytes.AsSpan(5000, 32)));
        Assert.Equal(TestSealing.KeyId, Portal.Core.Sealing.Sealer.KeyIdOf(stored));
    }

    [Fact]
    public async Task A_client_sees_only_what_was_shared_with_them_and_to_another_client_it_does_not_exist()
    {
        var therapist = await api.TherapistSignedInAsync();
        var (a, httpA) = await api.ClientSignedInAsync($"lib-a-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);
        var (_, httpB) = await api.ClientSignedInAsync($"lib-b-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);
        var recording = Wav(1.5);
        var id = await UploadAsync(therapist, "Meditation", "Breathing.wav", recording, title: "Breathing space");

        Assert.Equal(HttpStatusCode.NotFound, (await httpA.GetAsync($"/api/content/{id}/file", ct)).StatusCode);
        var shared = await therapist.PostAsJsonAsync($"/api/content/{id}/shares", new { clientId = a.Id, note = "Try it before sleep." }, ct);
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);

        Assert.Equal(recording, await httpA.GetByteArrayAsync($"/api/content/{id}/file", ct));
        Assert.Equal(HttpStatusCode.NotFound, (await httpB.GetAsync($"/api/content/{id}/file", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await httpB.PostAsync($"/api/me/library/{id}/seen", null, ct)).StatusCode);
        Assert.DoesNotContain((await httpB.GetFromJsonAsync<LibraryEntryResponse[]>("/api/me/library", Json, ct))!, e => e.Id == id);

        var entry = Assert.Single((await httpA.GetFromJsonAsync<LibraryEntryResponse[]>("/api/me/library", Json, ct))!, e => e.Id == id);
        Assert.Equal("Try it before sleep.", entry.Note);
        Assert.True(entry.IsNew);
        Assert.Equal(1.5, entry.DurationSeconds);
        Assert.Equal(HttpStatusCode.NoContent, (await httpA.PostAsync($"/api/me/library/{id}/seen", null, ct)).StatusCode);
        Assert.False(Assert.Single((await httpA.GetFromJsonAsync<LibraryEntryResponse[]>("/api/me/library", Json, ct))!, e => e.Id == id).IsNew);

        Assert.Equal(HttpStatusCode.NoContent, (await therapist.DeleteAsync($"/api/content/{id}/shares/{a.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await httpA.GetAsync($"/api/content/{id}/file", ct)).StatusCode);
    }

    [Fact]
    public async Task Sharing_after_a_session_tells_the_client_in_the_portal_and_by_an_email_that_names_nothing()
    {
        var therapist = await api.TherapistSignedInAsync();
        var (client, http) = await api.ClientSignedInAsync($"lib-c-{Guid.NewGuid():N}@example.com", discoveryCompleted: false);
        var booked = await http.PostAsJsonAsync("/api/bookings", Bookings.BookingRequests.Guest("discovery-call", Bookings.BookingRequests.Tuesday(15), client.Email), ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var bookingId = (await booked.Content.ReadFromJsonAsync<Portal.Api.Bookings.BookingResponse>(ct))!.Id;
        var title = Unique("Thought record");
        var id = await UploadAsync(therapist, "Worksheet", "record.pdf", Pdf(10_000), title);

        var shared = await therapist.PostAsJsonAsync($"/api/content/{id}/shares", new { clientId = client.Id, bookingId }, ct);
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        var again = await therapist.PostAsJsonAsync($"/api/content/{id}/shares", new { clientId = client.Id, bookingId, note = "Second thoughts" }, ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var entry = Assert.Single((await http.GetFromJsonAsync<LibraryEntryResponse[]>("/api/me/library", Json, ct))!);
        Assert.Equal(bookingId, entry.BookingId);
        Assert.Equal(Bookings.BookingRequests.Tuesday(15), entry.SessionStartsAt);
        await using var db = api.OpenDb();
        var owed = await db.OutboxMessages.Where(m => m.DeduplicationKey.StartsWith("content-share:")).ToListAsync(ct);
        var mine = owed.Where(m => m.Payload.Contains(client.Email, StringComparison.Ordinal) || m.Payload.Contains(client.Id.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mine.Count); // one notification, one email: sharing again tells nobody twice
        Assert.All(mine, m => Assert.DoesNotContain("Thought record", m.Payload, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(mine, m => m.Payload.Contains("new-in-library", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_therapist_changes_the_library_and_an_archived_item_is_not_shared()
    {
        var therapist = await api.TherapistSignedInAsync();
        var (client, http) = await api.ClientSignedInAsync($"lib-d-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/api/content", Form("Worksheet", "Mine", "mine.pdf", new ByteArrayContent(Pdf(2000))), ct)).StatusCode);

        var link = new MultipartFormDataContent { { new StringContent("Calm breathing video"), "title" }, { new StringContent("Link"), "kind" }, { new StringContent("javascript:alert(1)"), "url" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await therapist.PostAsync("/api/content", link, ct)).StatusCode);
        var goodLink = new MultipartFormDataContent { { new StringContent("Calm breathing video"), "title" }, { new StringContent("Link"), "kind" }, { new StringContent("https://example.org/breathe"), "url" } };
        var created = await therapist.PostAsync("/api/content", goodLink, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = (await created.Content.ReadFromJsonAsync<ContentItemResponse>(Json, ct))!;
        Assert.Null(item.FileUrl);

        var archived = await therapist.PutAsJsonAsync($"/api/content/{item.Id}", new { title = "Calm breathing (old)", description = "", archived = true }, ct);
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.DoesNotContain((await therapist.GetFromJsonAsync<ContentItemResponse[]>("/api/content", Json, ct))!, i => i.Id == item.Id);
        Assert.Contains((await therapist.GetFromJsonAsync<ContentItemResponse[]>("/api/content?archived=true", Json, ct))!, i => i.Id == item.Id);
        Assert.Equal(HttpStatusCode.Conflict, (await therapist.PostAsJsonAsync($"/api/content/{item.Id}/shares", new { clientId = client.Id }, ct)).StatusCode);
    }

    /// <summary>A request body that stops half-way, as a browser closed mid-upload does.</summary>
    private sealed class BreaksOffContent(byte[] bytes, int breakAfter) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, breakAfter));
            await stream.FlushAsync();
            throw new IOException("The browser went away.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
