using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSessionTypes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "session_types",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    duration = table.Column<TimeSpan>(type: "interval", nullable: false),
                    price_minor_units = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    buffer_before = table.Column<TimeSpan>(type: "interval", nullable: false),
                    buffer_after = table.Column<TimeSpan>(type: "interval", nullable: false),
                    is_discovery_call = table.Column<bool>(type: "boolean", nullable: false),
                    requires_completed_discovery = table.Column<bool>(type: "boolean", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    display_order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_types", x => x.id);
                    table.CheckConstraint("ck_session_types_buffers_not_negative", "buffer_before >= interval '0' AND buffer_after >= interval '0'");
                    table.CheckConstraint("ck_session_types_duration_positive", "duration > interval '0'");
                    table.CheckConstraint("ck_session_types_price_not_negative", "price_minor_units >= 0");
                });

            migrationBuilder.CreateIndex(
                name: "ix_session_types_slug",
                table: "session_types",
                column: "slug",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "session_types");
        }
    }
}
