namespace Portal.AppHost.Infrastructure;

public static class PasswordDoor
{
    /// <summary>
    /// The developer's password door is shut unless the AppHost is told to open it (<c>Identity:PasswordDoor:Enabled=true</c>):
    /// then the Api opens it, in Development and for this machine only.
    /// </summary>
    public static IResourceBuilder<T> WithPasswordDoorWhenAsked<T>(this IResourceBuilder<T> service)
        where T : IResourceWithEnvironment =>
        bool.TryParse(service.ApplicationBuilder.Configuration["Identity:PasswordDoor:Enabled"], out var open) && open
            ? service.WithEnvironment("Identity__PasswordDoor__Enabled", "true")
            : service;
}
