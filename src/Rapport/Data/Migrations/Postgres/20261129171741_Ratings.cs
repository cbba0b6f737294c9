using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Rapport.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Ratings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CandidateSelfIdentifications",
                columns: table => new
                {
                    CandidateKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Group = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CandidateSelfIdentifications", x => x.CandidateKey);
                });

            migrationBuilder.CreateTable(
                name: "RatingBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Source = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    RatingCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RatingBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StoredRatings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    InterviewKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CandidateKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    InterviewerKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    QuestionKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Signal = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Value = table.Column<int>(type: "integer", nullable: false),
                    RatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoredRatings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StoredRatings_RatingBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "RatingBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StoredRatings_BatchId",
                table: "StoredRatings",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_StoredRatings_InterviewKey_InterviewerKey_QuestionKey_Signal",
                table: "StoredRatings",
                columns: new[] { "InterviewKey", "InterviewerKey", "QuestionKey", "Signal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StoredRatings_InterviewerKey",
                table: "StoredRatings",
                column: "InterviewerKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CandidateSelfIdentifications");

            migrationBuilder.DropTable(
                name: "StoredRatings");

            migrationBuilder.DropTable(
                name: "RatingBatches");
        }
    }
}
