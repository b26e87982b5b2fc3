using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <summary>
    /// The version's move is announced (<c>NOTIFY calendar_version, '&lt;version&gt;'</c>, delivered at commit), so each
    /// Api learns of a change without asking before every search; and session types move it too, so the bookable
    /// types can be kept with the rest of the calendar's reads.
    /// </summary>
    public partial class CalendarVersionNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE CONSTRAINT TRIGGER session_types_bump_calendar_version
                    AFTER INSERT OR UPDATE OR DELETE ON session_types
                    DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION bump_calendar_version();

                -- Every move is announced, the triggers' and one made by hand alike (UPDATE calendar_version ...).
                CREATE FUNCTION announce_calendar_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('calendar_version', NEW.version::text);
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER calendar_version_announce AFTER UPDATE ON calendar_version
                    FOR EACH ROW EXECUTE FUNCTION announce_calendar_version();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER calendar_version_announce ON calendar_version;
                DROP FUNCTION announce_calendar_version();
                DROP TRIGGER session_types_bump_calendar_version ON session_types;
                """);
        }
    }
}
