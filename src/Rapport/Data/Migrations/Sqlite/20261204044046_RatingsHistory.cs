using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RatingsHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StoredRatings_InterviewKey_InterviewerKey_QuestionKey_Signal",
                table: "StoredRatings");

            migrationBuilder.AddColumn<long>(
                name: "SupersededAt",
                table: "StoredRatings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SupersededByBatchId",
                table: "StoredRatings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SupersededCount",
                table: "RatingBatches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_StoredRatings_OneCurrentPerSignal",
                table: "StoredRatings",
                columns: new[] { "InterviewKey", "InterviewerKey", "QuestionKey", "Signal" },
                unique: true,
                filter: "\"SupersededAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StoredRatings_OneCurrentPerSignal",
                table: "StoredRatings");

            migrationBuilder.DropColumn(
                name: "SupersededAt",
                table: "StoredRatings");

            migrationBuilder.DropColumn(
                name: "SupersededByBatchId",
                table: "StoredRatings");

            migrationBuilder.DropColumn(
                name: "SupersededCount",
                table: "RatingBatches");

            migrationBuilder.CreateIndex(
                name: "IX_StoredRatings_InterviewKey_InterviewerKey_QuestionKey_Signal",
                table: "StoredRatings",
                columns: new[] { "InterviewKey", "InterviewerKey", "QuestionKey", "Signal" },
                unique: true);
        }
    }
}
