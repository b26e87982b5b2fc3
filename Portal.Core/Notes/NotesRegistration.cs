using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Clients;
using Portal.Core.Sealing;

namespace Portal.Core.Notes;

public static class NotesRegistration
{
    /// <summary>Session notes and the client timeline that shows them: for the Api only, the one service that holds the sealing key.</summary>
    public static IHostApplicationBuilder AddSessionNotes(this IHostApplicationBuilder builder)
    {
        builder.AddSealing();
        builder.Services.AddScoped<NoteDesk>();
        builder.Services.AddScoped<ClientTimeline>();
        builder.Services.AddScoped<Intake.IntakeDesk>();
        builder.Services.AddScoped<MyData.MyDataDesk>();
        return builder;
    }
}
