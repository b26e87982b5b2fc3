using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BookingCore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "availability_exceptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    start = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    end = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_availability_exceptions", x => x.id);
                    table.CheckConstraint("ck_availability_exceptions_range", "(kind = 'DayOff' AND start IS NULL AND \"end\" IS NULL) OR (kind = 'ExtraHours' AND start < \"end\")");
                });

            migrationBuilder.CreateTable(
                name: "blocked_periods",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    external_id = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blocked_periods", x => x.id);
                    table.CheckConstraint("ck_blocked_periods_order", "start < \"end\"");
                });

            migrationBuilder.CreateTable(
                name: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    email_key = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stage = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    discovery_completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    may_book_another_discovery_call = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clients", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "practice_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    minimum_notice = table.Column<TimeSpan>(type: "interval", nullable: false),
                    no_same_day_bookings = table.Column<bool>(type: "boolean", nullable: false),
                    booking_horizon_days = table.Column<int>(type: "integer", nullable: false),
                    daily_session_cap = table.Column<int>(type: "integer", nullable: true),
                    cancellation_window = table.Column<TimeSpan>(type: "interval", nullable: false),
                    slot_step_minutes = table.Column<int>(type: "integer", nullable: false),
                    default_phone_region = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_practice_settings", x => x.id);
                    table.CheckConstraint("ck_practice_settings_horizon", "booking_horizon_days BETWEEN 1 AND 730");
                    table.CheckConstraint("ck_practice_settings_single_row", "id = 1");
                    table.CheckConstraint("ck_practice_settings_step", "slot_step_minutes BETWEEN 5 AND 240");
                });

            migrationBuilder.CreateTable(
                name: "working_hours",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<int>(type: "integer", nullable: false),
                    start = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    end = table.Column<TimeOnly>(type: "time without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_working_hours", x => x.id);
                    table.CheckConstraint("ck_working_hours_order", "start < \"end\"");
                });

            migrationBuilder.CreateTable(
                name: "bookings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_type_id = table.Column<Guid>(type: "uuid", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    occupied_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    occupied_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    hold_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancellation_kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    client_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    is_discovery_call = table.Column<bool>(type: "boolean", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bookings", x => x.id);
                    table.CheckConstraint("ck_bookings_hold", "status <> 'PendingPayment' OR hold_expires_at IS NOT NULL");
                    table.CheckConstraint("ck_bookings_times", "starts_at < ends_at AND occupied_from <= starts_at AND ends_at <= occupied_until");
                    table.ForeignKey(
                        name: "fk_bookings_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bookings_session_types_session_type_id",
                        column: x => x.session_type_id,
                        principalTable: "session_types",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            // The last word on double booking, whatever the application does: no two bookings that hold
            // time (pending payment or confirmed) may overlap, buffers included, for any mix of durations.
            migrationBuilder.Sql("""
                ALTER TABLE bookings ADD CONSTRAINT ex_bookings_no_overlap
                    EXCLUDE USING gist (tstzrange(occupied_from, occupied_until, '[)') WITH &&)
                    WHERE (status IN ('PendingPayment', 'Confirmed'));
                """);

            migrationBuilder.CreateIndex(
                name: "ix_availability_exceptions_date",
                table: "availability_exceptions",
                column: "date");

            migrationBuilder.CreateIndex(
                name: "ix_blocked_periods_source_external_id",
                table: "blocked_periods",
                columns: new[] { "source", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_blocked_periods_start_end",
                table: "blocked_periods",
                columns: new[] { "start", "end" });

            migrationBuilder.CreateIndex(
                name: "ix_bookings_client_id_starts_at",
                table: "bookings",
                columns: new[] { "client_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_bookings_session_type_id",
                table: "bookings",
                column: "session_type_id");

            migrationBuilder.CreateIndex(
                name: "ix_bookings_starts_at_status",
                table: "bookings",
                columns: new[] { "starts_at", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_email_key",
                table: "clients",
                column: "email_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_clients_stage",
                table: "clients",
                column: "stage");

            migrationBuilder.CreateIndex(
                name: "ix_working_hours_day",
                table: "working_hours",
                column: "day");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "availability_exceptions");

            migrationBuilder.DropTable(
                name: "blocked_periods");

            migrationBuilder.DropTable(
                name: "bookings");

            migrationBuilder.DropTable(
                name: "practice_settings");

            migrationBuilder.DropTable(
                name: "working_hours");

            migrationBuilder.DropTable(
                name: "clients");
        }
    }
}
