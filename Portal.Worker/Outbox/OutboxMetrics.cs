using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Portal.Worker.Outbox;

/// <summary>What the Aspire dashboard shows about the outbox: how long side effects wait, how often they fail.</summary>
public sealed class OutboxMetrics
{
    public const string Name = "Portal.Outbox";

    public static readonly ActivitySource Tracing = new(Name);

    private readonly Histogram<double> latency;
    private readonly Counter<long> attempts;
    private readonly Counter<long> failures;
    private readonly Counter<long> deadLettered;

    public OutboxMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        latency = meter.CreateHistogram<double>("portal.outbox.dispatch.latency", "s",
            "From a message falling due (written, or its retry time) to its side effect done.");
        attempts = meter.CreateCounter<long>("portal.outbox.attempts", description: "Attempts, by type and outcome.");
        failures = meter.CreateCounter<long>("portal.outbox.failures", description: "Failed attempts, by type.");
        deadLettered = meter.CreateCounter<long>("portal.outbox.dead_lettered", description: "Messages that ran out of attempts.");
    }

    public void Done(string type, TimeSpan waited)
    {
        attempts.Add(1, new("type", type), new("outcome", "done"));
        latency.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("type", type));
    }

    public void Failed(string type, bool dead)
    {
        attempts.Add(1, new("type", type), new("outcome", dead ? "dead-lettered" : "retry"));
        failures.Add(1, new KeyValuePair<string, object?>("type", type));
        if (dead)
        {
            deadLettered.Add(1, new KeyValuePair<string, object?>("type", type));
        }
    }
}
