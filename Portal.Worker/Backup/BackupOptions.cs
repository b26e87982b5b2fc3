namespace Portal.Worker.Backup;

/// <summary>Section <c>Backup</c>: where the practice's archives go, when the nightly one is made, how many are kept.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>Whether the Worker makes the nightly backup; a deployment that backs up otherwise turns it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where archives are written and kept; the AppHost passes <c>.local/data/backups</c>.</summary>
    public string? Folder { get; set; }

    /// <summary>Time of day of the nightly backup, in <see cref="TimeZone"/>.</summary>
    public TimeOnly NightlyAt { get; set; } = new(2, 30);

    /// <summary>IANA zone of <see cref="NightlyAt"/>; empty for the practice's own zone (its settings).</summary>
    public string? TimeZone { get; set; }

    /// <summary>How many nightly archives stay in <see cref="Folder"/>; older ones are deleted.</summary>
    public int Keep { get; set; } = 14;

    /// <summary>Folder of <c>pg_dump</c> and <c>pg_restore</c>; empty for PostgreSQL 15's if installed, else the PATH.</summary>
    public string? PostgresBinPath { get; set; }

    /// <summary>Directus's uploads folder, copied into the archive; empty when it is not reachable from here.</summary>
    public string? DirectusUploadsPath { get; set; }
}
