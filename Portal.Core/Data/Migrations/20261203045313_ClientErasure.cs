using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClientErasure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "erased_at",
                table: "clients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "records_kept_until",
                table: "clients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "client_erasures",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pseudonym = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by_therapist_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ip_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    sessions_cancelled = table.Column<int>(type: "integer", nullable: false),
                    refunds_requested = table.Column<int>(type: "integer", nullable: false),
                    records_kept_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_erasures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "closure_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_closure_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_closure_requests_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_client_erasures_at",
                table: "client_erasures",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_client_erasures_client_id",
                table: "client_erasures",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_closure_requests_client_id",
                table: "closure_requests",
                column: "client_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_closure_requests_token_hash",
                table: "closure_requests",
                column: "token_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "client_erasures");

            migrationBuilder.DropTable(
                name: "closure_requests");

            migrationBuilder.DropColumn(
                name: "erased_at",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "records_kept_until",
                table: "clients");
        }
    }
}
