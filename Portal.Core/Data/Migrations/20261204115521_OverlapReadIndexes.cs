using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <summary>
    /// The calendar's reads ask what overlaps a window (<c>ends &gt; window start AND starts &lt; window end</c>). Indexed by the
    /// end first, a read skips everything that ended before the window, the practice's whole history; before, bookings
    /// had no such index and were scanned whole by every search and booking, and blocked periods' index led with the start.
    /// </summary>
    public partial class OverlapReadIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_pending_bookings_occupied_from_occupied_until",
                table: "pending_bookings");

            migrationBuilder.DropIndex(
                name: "ix_blocked_periods_start_end",
                table: "blocked_periods");

            migrationBuilder.CreateIndex(
                name: "ix_pending_bookings_occupied_until_occupied_from",
                table: "pending_bookings",
                columns: new[] { "occupied_until", "occupied_from" });

            migrationBuilder.CreateIndex(
                name: "ix_bookings_occupied_until_occupied_from",
                table: "bookings",
                columns: new[] { "occupied_until", "occupied_from" });

            migrationBuilder.CreateIndex(
                name: "ix_blocked_periods_end_start",
                table: "blocked_periods",
                columns: new[] { "end", "start" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_pending_bookings_occupied_until_occupied_from",
                table: "pending_bookings");

            migrationBuilder.DropIndex(
                name: "ix_bookings_occupied_until_occupied_from",
                table: "bookings");

            migrationBuilder.DropIndex(
                name: "ix_blocked_periods_end_start",
                table: "blocked_periods");

            migrationBuilder.CreateIndex(
                name: "ix_pending_bookings_occupied_from_occupied_until",
                table: "pending_bookings",
                columns: new[] { "occupied_from", "occupied_until" });

            migrationBuilder.CreateIndex(
                name: "ix_blocked_periods_start_end",
                table: "blocked_periods",
                columns: new[] { "start", "end" });
        }
    }
}
