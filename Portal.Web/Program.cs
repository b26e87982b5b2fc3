using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Web.Api;
using Portal.Web.Availability;
using Portal.Web.Cms;
using Portal.Web.Content;
using Portal.Web.Identity;
using Portal.Web.Messaging;
using Portal.Web.Pages;
using Portal.Web.Practice;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// Behind a reverse proxy (named in ForwardedHeaders) the visitor's address and scheme come from its headers.
builder.AddTrustedProxies(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
builder.AddPracticeProfile();
builder.AddPublicAddress();
builder.AddPortalApiClient();
builder.AddSiteContent();
builder.AddContentFiles();
builder.AddWebDataProtection();
builder.AddFreeTimesPages();
builder.AddLiveMessaging();
builder.Services.AddRazorPages();
builder.Services.TryAddSingleton(TimeProvider.System);

var app = builder.Build();

// First, so the visitor's own address decides who may see the developer exception page.
app.UseForwardedHeaders();
app.UseErrorPages();
app.UseSecurityHeaders();
app.UsePracticeProfile();
app.UseOutputCache();
app.MapStaticAssets();
app.MapDefaultEndpoints();
app.MapPracticeTheme();
// Crawlers and old browsers ask for /favicon.ico whatever the page says: they get the icon the pages name.
app.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true)).ExcludeFromDescription();
app.MapContentFiles();
app.MapCmsSite();
app.MapRazorPages().WithStaticAssets();
app.MapLiveMessaging();

app.Run();

public partial class Program;
