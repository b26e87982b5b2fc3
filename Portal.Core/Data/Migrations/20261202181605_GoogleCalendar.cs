using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class GoogleCalendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "google_authorizations",
                columns: table => new
                {
                    state_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sealed_verifier = table.Column<byte[]>(type: "bytea", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_google_authorizations", x => x.state_hash);
                });

            migrationBuilder.CreateTable(
                name: "google_connections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    account = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    sealed_refresh_token = table.Column<byte[]>(type: "bytea", nullable: false),
                    sealed_access_token = table.Column<byte[]>(type: "bytea", nullable: true),
                    access_token_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    connected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    broken_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    calendars = table.Column<string>(type: "jsonb", nullable: false),
                    busy_calendar_ids = table.Column<List<string>>(type: "text[]", nullable: false),
                    destination_calendar_id = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    last_sync_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_sync_added = table.Column<int>(type: "integer", nullable: false),
                    last_sync_changed = table.Column<int>(type: "integer", nullable: false),
                    last_sync_removed = table.Column<int>(type: "integer", nullable: false),
                    last_sync_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    last_error_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_google_connections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pushed_events",
                columns: table => new
                {
                    booking_id = table.Column<Guid>(type: "uuid", nullable: false),
                    calendar_id = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    event_id = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    meet_link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    pushed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pushed_events", x => x.booking_id);
                    table.ForeignKey(
                        name: "fk_pushed_events_bookings_booking_id",
                        column: x => x.booking_id,
                        principalTable: "bookings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "calendar_cursors",
                columns: table => new
                {
                    connection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    calendar_id = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    sync_token = table.Column<string>(type: "text", nullable: true),
                    full_sync_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_cursors", x => new { x.connection_id, x.calendar_id });
                    table.ForeignKey(
                        name: "fk_calendar_cursors_google_connections_connection_id",
                        column: x => x.connection_id,
                        principalTable: "google_connections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_cursors");

            migrationBuilder.DropTable(
                name: "google_authorizations");

            migrationBuilder.DropTable(
                name: "pushed_events");

            migrationBuilder.DropTable(
                name: "google_connections");
        }
    }
}
