using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <summary>
    /// The first half of sealing messages: the sealed columns appear beside the plain ones, which may now be empty.
    /// The migrate step seals what is there (<see cref="Messaging.PlainMessages"/>) before <see cref="SealedMessages"/>
    /// drops the plain columns.
    /// </summary>
    [DbContext(typeof(PortalDb))]
    [Migration("20261202143104_SealedMessagesBegin")]
    public partial class SealedMessagesBegin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(name: "body", table: "messages", type: "character varying(10000)", maxLength: 10000, nullable: true);
            migrationBuilder.AlterColumn<string>(name: "subject", table: "message_threads", type: "character varying(200)", maxLength: 200, nullable: true);
            migrationBuilder.AddColumn<byte[]>(name: "sealed_body", table: "messages", type: "bytea", nullable: true);
            migrationBuilder.AddColumn<byte[]>(name: "sealed_subject", table: "message_threads", type: "bytea", nullable: true);
            migrationBuilder.AddColumn<bool>(name: "started_by_client", table: "message_threads", type: "boolean", nullable: false, defaultValue: false);
            migrationBuilder.AddColumn<DateTimeOffset>(name: "last_message_at", table: "message_threads", type: "timestamp with time zone", nullable: true);
            migrationBuilder.Sql("""
                UPDATE message_threads t
                SET last_message_at = COALESCE((SELECT max(m.sent_at) FROM messages m WHERE m.thread_id = t.id), t.created_at);
                ALTER TABLE message_threads ALTER COLUMN last_message_at SET NOT NULL;
                """);
            migrationBuilder.CreateIndex(
                name: "ix_messages_unread", table: "messages", columns: new[] { "thread_id", "from_therapist" }, filter: "read_at IS NULL");
            migrationBuilder.CreateIndex(
                name: "ix_message_threads_client_id_last_message_at", table: "message_threads", columns: new[] { "client_id", "last_message_at" });
            migrationBuilder.CreateIndex(name: "ix_message_threads_last_message_at", table: "message_threads", column: "last_message_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "ix_messages_unread", table: "messages");
            migrationBuilder.DropIndex(name: "ix_message_threads_client_id_last_message_at", table: "message_threads");
            migrationBuilder.DropIndex(name: "ix_message_threads_last_message_at", table: "message_threads");
            migrationBuilder.DropColumn(name: "sealed_body", table: "messages");
            migrationBuilder.DropColumn(name: "sealed_subject", table: "message_threads");
            migrationBuilder.DropColumn(name: "started_by_client", table: "message_threads");
            migrationBuilder.DropColumn(name: "last_message_at", table: "message_threads");
        }
    }
}
