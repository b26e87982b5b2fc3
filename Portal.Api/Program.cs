using Portal.Api.Audit;
using Portal.Api.Availability;
using Portal.Api.Bookings;
using Portal.Api.Calendar;
using Portal.Api.Clients;
using Portal.Api.Cms;
using Portal.Api.Content;
using Portal.Api.Identity;
using Portal.Api.Infrastructure;
using Portal.Api.Intake;
using Portal.Api.Messaging;
using Portal.Api.Erasure;
using Portal.Api.MyData;
using Portal.Api.Newsletter;
using Portal.Api.Notes;
using Portal.Api.Notifications;
using Portal.Api.Outbox;
using Portal.Api.Payments;
using Portal.Api.Practice;
using Portal.Api.Profile;
using Portal.Api.Waitlist;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseApiErrorHandling();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapApiDocumentation();

app.MapAuthApi();
app.MapMeApi();
app.MapSessionTypesApi();
app.MapSlotsApi();
app.MapBookingsApi();
app.MapHeldBookingsApi();
app.MapAvailabilityApi();
app.MapBlockedPeriodsApi();
app.MapClientsApi();
app.MapNotesApi();
app.MapAuditApi();
app.MapPracticeSettingsApi();
app.MapNotificationsApi();
app.MapOutboxApi();
app.MapMessagesApi();
app.MapContentApi();
app.MapIntakeApi();
app.MapProfileApi();
app.MapMyDataApi();
app.MapWaitlistApi();
app.MapErasureApi();
app.MapCmsApi();
app.MapGoogleIntegrationApi();
app.MapPaymentsApi();
app.MapStripeWebhookApi();
app.MapNewsletterApi();
app.MapNewsletterAdminApi();
app.MapResendWebhookApi();

app.Run();

public partial class Program;
