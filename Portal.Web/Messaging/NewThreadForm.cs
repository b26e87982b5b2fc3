using Portal.Web.Api;

namespace Portal.Web.Messaging;

/// <summary>The "New message" form: where it posts (for the therapist, naming the client) and what was typed.</summary>
public sealed record NewThreadForm(string Action, MessageInput Input);
