using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PadVersionsFencedByTheWriter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite is one server's database: its room log writer fences the pad's versions itself, and
            // the index that did it cost a quarter to two fifths of the log's CPU per keystroke (ADR 16).
            migrationBuilder.DropIndex(
                name: "IX_RoomEvents_InterviewId_Type_PadVersion",
                table: "RoomEvents");

            migrationBuilder.CreateIndex(
                name: "IX_RoomEvents_InterviewId_Type_NotPad",
                table: "RoomEvents",
                columns: new[] { "InterviewId", "Type" },
                filter: "\"PadVersion\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RoomEvents_InterviewId_Type_NotPad",
                table: "RoomEvents");

            migrationBuilder.CreateIndex(
                name: "IX_RoomEvents_InterviewId_Type_PadVersion",
                table: "RoomEvents",
                columns: new[] { "InterviewId", "Type", "PadVersion" },
                unique: true);
        }
    }
}
