using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class GuestBookingsHeldAndConsents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "client_consents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    version = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    given_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_consents", x => x.id);
                    table.ForeignKey(
                        name: "fk_client_consents_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pending_bookings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    email_key = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    link_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    session_type_id = table.Column<Guid>(type: "uuid", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    occupied_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    occupied_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    privacy_notice_version = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pending_bookings", x => x.id);
                    table.CheckConstraint("ck_pending_bookings_times", "occupied_from <= starts_at AND starts_at < occupied_until");
                    table.ForeignKey(
                        name: "fk_pending_bookings_magic_links_link_id",
                        column: x => x.link_id,
                        principalTable: "magic_links",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_pending_bookings_session_types_session_type_id",
                        column: x => x.session_type_id,
                        principalTable: "session_types",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_client_consents_client_id_kind_given_at",
                table: "client_consents",
                columns: new[] { "client_id", "kind", "given_at" });

            migrationBuilder.CreateIndex(
                name: "ix_pending_bookings_email_key",
                table: "pending_bookings",
                column: "email_key");

            migrationBuilder.CreateIndex(
                name: "ix_pending_bookings_link_id",
                table: "pending_bookings",
                column: "link_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pending_bookings_occupied_from_occupied_until",
                table: "pending_bookings",
                columns: new[] { "occupied_from", "occupied_until" });

            migrationBuilder.CreateIndex(
                name: "ix_pending_bookings_session_type_id",
                table: "pending_bookings",
                column: "session_type_id");

            // A held guest booking holds time: the free times move when one comes or goes (see CalendarVersion).
            migrationBuilder.Sql("""
                CREATE CONSTRAINT TRIGGER pending_bookings_bump_calendar_version
                    AFTER INSERT OR UPDATE OR DELETE ON pending_bookings
                    DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION bump_calendar_version();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER pending_bookings_bump_calendar_version ON pending_bookings;");
            migrationBuilder.DropTable(
                name: "client_consents");

            migrationBuilder.DropTable(
                name: "pending_bookings");
        }
    }
}
