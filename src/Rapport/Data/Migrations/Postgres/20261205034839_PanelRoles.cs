using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PanelRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Practice",
                table: "Scorecards",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Role",
                table: "InterviewAssignments",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                // Everyone on a panel before shadows existed was an interviewer.
                defaultValue: "Interviewer");

            migrationBuilder.AddColumn<string>(
                name: "ShadowReason",
                table: "InterviewAssignments",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Practice",
                table: "Scorecards");

            migrationBuilder.DropColumn(
                name: "Role",
                table: "InterviewAssignments");

            migrationBuilder.DropColumn(
                name: "ShadowReason",
                table: "InterviewAssignments");
        }
    }
}
