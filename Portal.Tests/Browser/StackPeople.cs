using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Portal.Api.Identity;
using Portal.Core.Clients;
using Portal.Core.Identity;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>The people of the full-stack tests: the seeded therapist, and clients written straight to the database.</summary>
public static class StackPeople
{
    public const string TherapistEmail = "anna@quietharbour.example";

    /// <summary>A client with an account; <paramref name="pastDiscovery"/> as if the therapist had marked the call done.</summary>
    public static async Task<Client> ClientAsync(PortalStack stack, string name, bool pastDiscovery)
    {
        await using var db = TestDatabases.OpenPortalDb((await stack.App.GetConnectionStringAsync("portal"))!);
        var now = DateTimeOffset.UtcNow;
        var client = Client.Register(new ContactDetails(name, $"{name.Split(' ')[0].ToLowerInvariant()}-{Guid.NewGuid():N}@example.com", "+447911123456"), "Europe/London", now);
        if (pastDiscovery)
        {
            client.CompleteDiscovery(now);
        }

        db.Clients.Add(client);
        db.UserAccounts.Add(UserAccount.ForClient(client, now));
        await db.SaveChangesAsync();
        return client;
    }

    /// <summary>The stack runs in Development with the password door opened (PortalStack), and the browser is on this machine.</summary>
    public static async Task SignInWithPasswordAsync(IPage page, string email, string returnTo)
    {
        await page.GotoAsync($"/signin?returnUrl={Uri.EscapeDataString(returnTo)}");
        var form = page.Locator("[data-development-password]");
        await form.GetByLabel("Email").FillAsync(email);
        await form.GetByLabel("Password").FillAsync(new IdentitySettings().DevelopmentPassword);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in with the password" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(returnTo)}$"));
    }

    /// <summary>An Api client signed in as <paramref name="email"/> with the development password.</summary>
    public static async Task<HttpClient> ApiSignedInAsync(PortalStack stack, string email)
    {
        var api = stack.App.CreateHttpClient("api");
        using var response = await api.PostAsJsonAsync("/api/auth/password", new { email, password = new IdentitySettings().DevelopmentPassword });
        response.EnsureSuccessStatusCode();
        var session = (await response.Content.ReadFromJsonAsync<SessionIssued>())!;
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        return api;
    }
}
