using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <summary>
    /// The second half of sealing messages: once every subject and body is sealed, the plain columns go. It refuses to
    /// run while any plain text is left unsealed (the migrate step seals it first, with the sealing key).
    /// </summary>
    public partial class SealedMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM messages WHERE sealed_body IS NULL)
                        OR EXISTS (SELECT 1 FROM message_threads WHERE sealed_subject IS NULL) THEN
                        RAISE EXCEPTION 'Messages are still in plain text: run "Portal.Worker migrate" with the sealing key (Sealing:ActiveKey, Sealing:Keys) to seal them first.';
                    END IF;
                END $$;
                """);
            migrationBuilder.DropColumn(name: "body", table: "messages");
            migrationBuilder.DropColumn(name: "subject", table: "message_threads");
            migrationBuilder.AlterColumn<byte[]>(name: "sealed_body", table: "messages", type: "bytea", nullable: false);
            migrationBuilder.AlterColumn<byte[]>(name: "sealed_subject", table: "message_threads", type: "bytea", nullable: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<byte[]>(name: "sealed_body", table: "messages", type: "bytea", nullable: true);
            migrationBuilder.AlterColumn<byte[]>(name: "sealed_subject", table: "message_threads", type: "bytea", nullable: true);
            migrationBuilder.AddColumn<string>(name: "body", table: "messages", type: "character varying(10000)", maxLength: 10000, nullable: true);
            migrationBuilder.AddColumn<string>(name: "subject", table: "message_threads", type: "character varying(200)", maxLength: 200, nullable: true);
        }
    }
}
