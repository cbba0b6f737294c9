using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneActiveCandidateLink : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CandidateLinks_InterviewId",
                table: "CandidateLinks");

            migrationBuilder.CreateIndex(
                name: "IX_CandidateLinks_OneActivePerInterview",
                table: "CandidateLinks",
                column: "InterviewId",
                unique: true,
                filter: "\"RevokedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CandidateLinks_OneActivePerInterview",
                table: "CandidateLinks");

            migrationBuilder.CreateIndex(
                name: "IX_CandidateLinks_InterviewId",
                table: "CandidateLinks",
                column: "InterviewId");
        }
    }
}
