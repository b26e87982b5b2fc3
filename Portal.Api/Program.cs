using Portal.Api.Availability;
using Portal.Api.Bookings;
using Portal.Api.Clients;
using Portal.Api.Infrastructure;
using Portal.Api.Practice;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiServices();

var app = builder.Build();

app.UseApiErrorHandling();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapApiDocumentation();

app.MapSessionTypesApi();
app.MapSlotsApi();
app.MapBookingsApi();
app.MapAvailabilityApi();
app.MapClientsApi();
app.MapPracticeSettingsApi();

app.Run();

public partial class Program;
