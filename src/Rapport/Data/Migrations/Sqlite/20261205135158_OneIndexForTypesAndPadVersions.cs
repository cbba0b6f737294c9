using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OneIndexForTypesAndPadVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The new index first: the log is never without its guard against a second update of a version,
            // even for an older server still writing while this runs (a rolling upgrade).
            migrationBuilder.CreateIndex(
                name: "IX_RoomEvents_InterviewId_Type_PadVersion",
                table: "RoomEvents",
                columns: new[] { "InterviewId", "Type", "PadVersion" },
                unique: true);

            migrationBuilder.DropIndex(
                name: "IX_RoomEvents_InterviewId_PadVersion",
                table: "RoomEvents");

            migrationBuilder.DropIndex(
                name: "IX_RoomEvents_InterviewId_Type",
                table: "RoomEvents");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RoomEvents_InterviewId_Type_PadVersion",
                table: "RoomEvents");

            migrationBuilder.CreateIndex(
                name: "IX_RoomEvents_InterviewId_PadVersion",
                table: "RoomEvents",
                columns: new[] { "InterviewId", "PadVersion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoomEvents_InterviewId_Type",
                table: "RoomEvents",
                columns: new[] { "InterviewId", "Type" });
        }
    }
}
