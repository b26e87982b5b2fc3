using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxNotificationsMessaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "accent_colour",
                table: "practice_settings",
                type: "character varying(7)",
                maxLength: 7,
                nullable: false,
                defaultValue: "#3f6b5c");

            migrationBuilder.AddColumn<string>(
                name: "practice_name",
                table: "practice_settings",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                defaultValue: "Quiet Harbour Therapy");

            migrationBuilder.AddColumn<string>(
                name: "therapist_email",
                table: "practice_settings",
                type: "character varying(254)",
                maxLength: 254,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "therapist_name",
                table: "practice_settings",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                defaultValue: "Dr Anna Whitfield");

            migrationBuilder.AddColumn<string>(
                name: "video_call_link",
                table: "practice_settings",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "welcome_message",
                table: "practice_settings",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: false,
                defaultValue:
                    "Welcome, and thank you for reaching out. This is a private space for the two of us: you can write to me " +
                    "here between sessions, and anything I share with you will appear in your library. There is no need to " +
                    "prepare anything for our first conversation.");

            migrationBuilder.CreateTable(
                name: "message_threads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    is_welcome = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_threads", x => x.id);
                    table.ForeignKey(
                        name: "fk_message_threads_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    audience = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: true),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    source_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                    table.CheckConstraint("ck_notifications_audience", "(audience = 'Client') = (client_id IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_notifications_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    deduplication_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    dead_lettered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    trace_parent = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    thread_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_therapist = table.Column<bool>(type: "boolean", nullable: false),
                    body = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_messages_message_threads_thread_id",
                        column: x => x.thread_id,
                        principalTable: "message_threads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_practice_settings_accent",
                table: "practice_settings",
                sql: "accent_colour ~ '^#[0-9a-fA-F]{6}$'");

            migrationBuilder.CreateIndex(
                name: "ix_message_threads_one_welcome",
                table: "message_threads",
                column: "client_id",
                unique: true,
                filter: "is_welcome");

            migrationBuilder.CreateIndex(
                name: "ix_messages_thread_id_sent_at",
                table: "messages",
                columns: new[] { "thread_id", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_audience_client_id_created_at",
                table: "notifications",
                columns: new[] { "audience", "client_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_client_id",
                table: "notifications",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_source_key",
                table: "notifications",
                column: "source_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_dead_lettered_at",
                table: "outbox_messages",
                column: "dead_lettered_at",
                filter: "dead_lettered_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_deduplication_key",
                table: "outbox_messages",
                column: "deduplication_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_due",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "processed_at IS NULL AND dead_lettered_at IS NULL");

            // Wakes the Worker's dispatchers the moment a transaction that wrote side effects commits.
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_outbox_messages() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('outbox_messages', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER outbox_messages_notify AFTER INSERT ON outbox_messages
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox_messages();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER outbox_messages_notify ON outbox_messages;
                DROP FUNCTION notify_outbox_messages();
                """);

            migrationBuilder.DropTable(
                name: "messages");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "message_threads");

            migrationBuilder.DropCheckConstraint(
                name: "ck_practice_settings_accent",
                table: "practice_settings");

            migrationBuilder.DropColumn(
                name: "accent_colour",
                table: "practice_settings");

            migrationBuilder.DropColumn(
                name: "practice_name",
                table: "practice_settings");

            migrationBuilder.DropColumn(
                name: "therapist_email",
                table: "practice_settings");

            migrationBuilder.DropColumn(
                name: "therapist_name",
                table: "practice_settings");

            migrationBuilder.DropColumn(
                name: "video_call_link",
                table: "practice_settings");

            migrationBuilder.DropColumn(
                name: "welcome_message",
                table: "practice_settings");
        }
    }
}
