using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Pages;
using Portal.Web.Practice;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPracticeProfile();
builder.AddPortalApiClient();
builder.AddWebDataProtection();
builder.Services.AddRazorPages();
builder.Services.TryAddSingleton(TimeProvider.System);

var app = builder.Build();

app.UseErrorPages();
app.UseSecurityHeaders();
app.MapStaticAssets();
app.MapDefaultEndpoints();
app.MapPracticeTheme();
app.MapRazorPages().WithStaticAssets();

app.Run();

public partial class Program;
