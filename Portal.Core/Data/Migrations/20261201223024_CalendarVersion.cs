using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <summary>
    /// A number that moves on whenever anything the free times depend on changes, so the Api can share one read of
    /// the calendar between slot searches and still see a change made by any replica (or straight in the database) on
    /// the next search. The triggers are deferred to commit, so the version row is the last lock a transaction takes:
    /// it cannot join a deadlock, and it is held only while committing.
    /// </summary>
    public partial class CalendarVersion : Migration
    {
        private static readonly string[] CalendarTables =
            ["bookings", "blocked_periods", "working_hours", "availability_exceptions", "practice_settings"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE calendar_version (
                    id integer PRIMARY KEY CHECK (id = 1),
                    version bigint NOT NULL
                );
                INSERT INTO calendar_version (id, version) VALUES (1, 0);

                -- Once per transaction, however many rows it changed: the flag is local to the transaction.
                CREATE FUNCTION bump_calendar_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF current_setting('portal.calendar_version_bumped', true) IS DISTINCT FROM 'yes' THEN
                        UPDATE calendar_version SET version = version + 1 WHERE id = 1;
                        PERFORM set_config('portal.calendar_version_bumped', 'yes', true);
                    END IF;
                    RETURN NULL;
                END
                $$;
                """);
            foreach (var table in CalendarTables)
            {
                migrationBuilder.Sql($"""
                    CREATE CONSTRAINT TRIGGER {table}_bump_calendar_version
                        AFTER INSERT OR UPDATE OR DELETE ON {table}
                        DEFERRABLE INITIALLY DEFERRED
                        FOR EACH ROW EXECUTE FUNCTION bump_calendar_version();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in CalendarTables)
            {
                migrationBuilder.Sql($"DROP TRIGGER {table}_bump_calendar_version ON {table};");
            }

            migrationBuilder.Sql("DROP FUNCTION bump_calendar_version(); DROP TABLE calendar_version;");
        }
    }
}
