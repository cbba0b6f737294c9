using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CodeRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CodeRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Origin = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    InterviewId = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestedBy = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RequestedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    QuestionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    QuestionVersion = table.Column<int>(type: "integer", nullable: true),
                    Language = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LanguageVersion = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CodeSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CodeBytes = table.Column<int>(type: "integer", nullable: false),
                    Limits = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Verdict = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ExitCode = table.Column<int>(type: "integer", nullable: true),
                    Signal = table.Column<int>(type: "integer", nullable: true),
                    CompileMilliseconds = table.Column<double>(type: "double precision", nullable: false),
                    CpuMilliseconds = table.Column<double>(type: "double precision", nullable: false),
                    WallMilliseconds = table.Column<double>(type: "double precision", nullable: false),
                    TotalMilliseconds = table.Column<double>(type: "double precision", nullable: false),
                    PeakMemoryBytes = table.Column<long>(type: "bigint", nullable: true),
                    OutputTruncated = table.Column<bool>(type: "boolean", nullable: false),
                    TestsPassed = table.Column<int>(type: "integer", nullable: true),
                    TestsTotal = table.Column<int>(type: "integer", nullable: true),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CodeRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CodeRuns_Interviews_InterviewId",
                        column: x => x.InterviewId,
                        principalTable: "Interviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CodeRuns_InterviewId",
                table: "CodeRuns",
                column: "InterviewId");

            migrationBuilder.CreateIndex(
                name: "IX_CodeRuns_RequestedAt",
                table: "CodeRuns",
                column: "RequestedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CodeRuns");
        }
    }
}
