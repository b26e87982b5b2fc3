using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PracticeIntroduction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "contact_email",
                table: "practice_settings",
                type: "character varying(254)",
                maxLength: 254,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "credentials",
                table: "practice_settings",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "introduction",
                table: "practice_settings",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "tagline",
                table: "practice_settings",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            // What the Web's own settings showed visitors until now, so the public pages read the same after the move.
            // Written out rather than taken from PracticeSettings: a migration does what it did the day it was written.
            migrationBuilder.Sql(
                "UPDATE practice_settings SET credentials = 'Counselling psychologist, HCPC registered', " +
                "tagline = 'A calm, unhurried space to make sense of what you are carrying.', " +
                "introduction = 'I work with adults facing anxiety, low mood, loss and the quieter struggles that are hard to name. " +
                "Sessions are online or in person in a quiet room in Bristol. We go at your pace.', " +
                "contact_email = 'hello@quietharbour.example';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "contact_email",
                table: "practice_settings");

            migrationBuilder.DropColumn(
                name: "credentials",
                table: "practice_settings");

            migrationBuilder.DropColumn(
                name: "introduction",
                table: "practice_settings");

            migrationBuilder.DropColumn(
                name: "tagline",
                table: "practice_settings");
        }
    }
}
