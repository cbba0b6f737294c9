using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PadVersionOnTheLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PadVersion",
                table: "RoomEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoomEvents_InterviewId_PadVersion",
                table: "RoomEvents",
                columns: new[] { "InterviewId", "PadVersion" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RoomEvents_InterviewId_PadVersion",
                table: "RoomEvents");

            migrationBuilder.DropColumn(
                name: "PadVersion",
                table: "RoomEvents");
        }
    }
}
