using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionNotesAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "client_stage_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_stage_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_client_stage_changes_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "clinical_reads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reader_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    record = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    shown = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ip_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clinical_reads", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "session_notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    booking_id = table.Column<Guid>(type: "uuid", nullable: true),
                    structure = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amends_note_id = table.Column<Guid>(type: "uuid", nullable: true),
                    sealed_content = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_session_notes_bookings_booking_id",
                        column: x => x.booking_id,
                        principalTable: "bookings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_session_notes_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_session_notes_session_notes_amends_note_id",
                        column: x => x.amends_note_id,
                        principalTable: "session_notes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_client_stage_changes_client_id_at",
                table: "client_stage_changes",
                columns: new[] { "client_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_clinical_reads_at",
                table: "clinical_reads",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_clinical_reads_client_id_at",
                table: "clinical_reads",
                columns: new[] { "client_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_session_notes_amends_note_id",
                table: "session_notes",
                column: "amends_note_id");

            migrationBuilder.CreateIndex(
                name: "ix_session_notes_booking_id",
                table: "session_notes",
                column: "booking_id");

            migrationBuilder.CreateIndex(
                name: "ix_session_notes_client_id_created_at",
                table: "session_notes",
                columns: new[] { "client_id", "created_at" });

            // The audit of clinical reads is append-only for everyone but the owner: the default privileges just
            // granted the app role UPDATE and DELETE on the new table; take them back (the roles step does it again
            // at every start, see DatabaseRoles).
            migrationBuilder.Sql("""
                DO $$
                DECLARE grantee text;
                BEGIN
                    FOR grantee IN SELECT DISTINCT g.grantee FROM information_schema.role_table_grants g
                        WHERE g.table_schema = 'public' AND g.table_name = 'clinical_reads'
                          AND g.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE') AND g.grantee <> current_user
                    LOOP
                        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON clinical_reads FROM %I', grantee);
                    END LOOP;
                END $$;
                """);

            // A signed note is never changed or removed, whatever the code above the database does.
            migrationBuilder.Sql("""
                CREATE FUNCTION session_notes_signed_stay() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD.signed_at IS NOT NULL AND (TG_OP = 'DELETE'
                        OR NEW.sealed_content IS DISTINCT FROM OLD.sealed_content OR NEW.signed_at IS DISTINCT FROM OLD.signed_at
                        OR NEW.structure IS DISTINCT FROM OLD.structure OR NEW.client_id IS DISTINCT FROM OLD.client_id
                        OR NEW.amends_note_id IS DISTINCT FROM OLD.amends_note_id OR NEW.id IS DISTINCT FROM OLD.id
                        OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.updated_at IS DISTINCT FROM OLD.updated_at) THEN
                        RAISE EXCEPTION 'session note % is signed: amend it instead', OLD.id USING ERRCODE = 'P0001';
                    END IF;
                    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
                END $$;
                CREATE TRIGGER session_notes_signed_stay BEFORE UPDATE OR DELETE ON session_notes
                    FOR EACH ROW EXECUTE FUNCTION session_notes_signed_stay();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER session_notes_signed_stay ON session_notes; DROP FUNCTION session_notes_signed_stay();");

            migrationBuilder.DropTable(
                name: "client_stage_changes");

            migrationBuilder.DropTable(
                name: "clinical_reads");

            migrationBuilder.DropTable(
                name: "session_notes");
        }
    }
}
