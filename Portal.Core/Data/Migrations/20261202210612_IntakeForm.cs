using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class IntakeForm : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "intake_submitted_at",
                table: "clients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "intake_waived_at",
                table: "clients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "intake_forms",
                columns: table => new
                {
                    version = table.Column<int>(type: "integer", nullable: false),
                    questions = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_intake_forms", x => x.version);
                });

            migrationBuilder.CreateTable(
                name: "intake_responses",
                columns: table => new
                {
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    form_version = table.Column<int>(type: "integer", nullable: false),
                    sealed_answers = table.Column<byte[]>(type: "bytea", nullable: false),
                    saved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_intake_responses", x => x.client_id);
                    table.ForeignKey(
                        name: "fk_intake_responses_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_intake_responses_intake_forms_form_version",
                        column: x => x.form_version,
                        principalTable: "intake_forms",
                        principalColumn: "version",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_intake_responses_form_version",
                table: "intake_responses",
                column: "form_version");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "intake_responses");

            migrationBuilder.DropTable(
                name: "intake_forms");

            migrationBuilder.DropColumn(
                name: "intake_submitted_at",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "intake_waived_at",
                table: "clients");
        }
    }
}
