using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Portal.Tests.Pages;

/// <summary>
/// What the Web hears back from the Api, for page tests without one: the therapist is signed in, lists are empty.
/// Keeps every request it was sent, to check what the Web forwarded.
/// </summary>
internal sealed class StandInApi : HttpMessageHandler
{
    public const string BaseAddress = "http://api.test/";

    public ConcurrentQueue<HttpRequestMessage> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        var body = request.RequestUri!.AbsolutePath switch
        {
            "/api/me" => $$"""{"userId":"{{Guid.NewGuid()}}","role":"Therapist","email":"anna@example.com","name":null,"clientId":null,"timeZone":null,"stage":null,"discoveryCompleted":false}""",
            "/api/notifications" => """{"unreadCount":0,"items":[]}""",
            "/api/messages/unread-count" => """{"count":0}""",
            "/api/auth/password-door" => """{"open":false}""",
            "/api/auth/link-address" => """{"email":"s***@example.com"}""",
            _ => "[]",
        };
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        });
    }
}
