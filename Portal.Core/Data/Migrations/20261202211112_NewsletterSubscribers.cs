using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class NewsletterSubscribers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "newsletter_delivery_events",
                columns: table => new
                {
                    svix_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    email_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    issue_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_newsletter_delivery_events", x => x.svix_id);
                });

            migrationBuilder.CreateTable(
                name: "newsletter_subscribers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    email_key = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    subscribed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    unsubscribed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    confirmation_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    confirmation_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_newsletter_subscribers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "newsletter_suppressions",
                columns: table => new
                {
                    email_key = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_newsletter_suppressions", x => x.email_key);
                });

            migrationBuilder.CreateTable(
                name: "newsletter_consents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subscriber_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    issue_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_newsletter_consents", x => x.id);
                    table.ForeignKey(
                        name: "fk_newsletter_consents_newsletter_subscribers_subscriber_id",
                        column: x => x.subscriber_id,
                        principalTable: "newsletter_subscribers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_newsletter_consents_issue_id",
                table: "newsletter_consents",
                column: "issue_id",
                filter: "issue_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_newsletter_consents_subscriber_id_at",
                table: "newsletter_consents",
                columns: new[] { "subscriber_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_newsletter_delivery_events_issue_id_type",
                table: "newsletter_delivery_events",
                columns: new[] { "issue_id", "type" },
                filter: "issue_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_newsletter_subscribers_confirmation_hash",
                table: "newsletter_subscribers",
                column: "confirmation_hash",
                filter: "confirmation_hash IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_newsletter_subscribers_email_key",
                table: "newsletter_subscribers",
                column: "email_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_newsletter_subscribers_status",
                table: "newsletter_subscribers",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "newsletter_consents");

            migrationBuilder.DropTable(
                name: "newsletter_delivery_events");

            migrationBuilder.DropTable(
                name: "newsletter_suppressions");

            migrationBuilder.DropTable(
                name: "newsletter_subscribers");
        }
    }
}
