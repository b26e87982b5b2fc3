using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Waitlist : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "waitlist_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_type_id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_day = table.Column<DateOnly>(type: "date", nullable: false),
                    last_day = table.Column<DateOnly>(type: "date", nullable: false),
                    parts_of_day = table.Column<int>(type: "integer", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    joined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    booked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    booking_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_waitlist_entries", x => x.id);
                    table.CheckConstraint("ck_waitlist_entries_days", "first_day <= last_day");
                    table.CheckConstraint("ck_waitlist_entries_parts", "parts_of_day BETWEEN 1 AND 7");
                    table.ForeignKey(
                        name: "fk_waitlist_entries_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_waitlist_entries_session_types_session_type_id",
                        column: x => x.session_type_id,
                        principalTable: "session_types",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "waitlist_offers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    entry_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    occupied_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    occupied_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    offered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    booking_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_waitlist_offers", x => x.id);
                    table.CheckConstraint("ck_waitlist_offers_times", "occupied_from <= starts_at AND starts_at < ends_at AND ends_at <= occupied_until");
                    table.ForeignKey(
                        name: "fk_waitlist_offers_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_waitlist_offers_waitlist_entries_entry_id",
                        column: x => x.entry_id,
                        principalTable: "waitlist_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_entries_client_id_joined_at",
                table: "waitlist_entries",
                columns: new[] { "client_id", "joined_at" });

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_entries_joined_at",
                table: "waitlist_entries",
                column: "joined_at",
                filter: "booked_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_entries_session_type_id",
                table: "waitlist_entries",
                column: "session_type_id");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_offers_client_id",
                table: "waitlist_offers",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_offers_entry_id_starts_at",
                table: "waitlist_offers",
                columns: new[] { "entry_id", "starts_at" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_offers_expires_at",
                table: "waitlist_offers",
                column: "expires_at",
                filter: "status = 'Open'");

            migrationBuilder.CreateIndex(
                name: "ix_waitlist_offers_one_open_per_entry",
                table: "waitlist_offers",
                column: "entry_id",
                unique: true,
                filter: "status = 'Open'");

            // An open offer holds its time for one person: never two open offers over one time, buffers included.
            migrationBuilder.Sql("""
                ALTER TABLE waitlist_offers ADD CONSTRAINT ex_waitlist_offers_no_overlap
                    EXCLUDE USING gist (tstzrange(occupied_from, occupied_until, '[)') WITH &&)
                    WHERE (status = 'Open');
                """);

            // An open offer holds time: the free times move when one opens or ends (see CalendarVersion).
            migrationBuilder.Sql("""
                CREATE CONSTRAINT TRIGGER waitlist_offers_bump_calendar_version
                    AFTER INSERT OR UPDATE OR DELETE ON waitlist_offers
                    DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION bump_calendar_version();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER waitlist_offers_bump_calendar_version ON waitlist_offers;");
            migrationBuilder.DropTable(
                name: "waitlist_offers");

            migrationBuilder.DropTable(
                name: "waitlist_entries");
        }
    }
}
