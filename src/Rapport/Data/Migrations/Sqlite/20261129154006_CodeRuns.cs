using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    InterviewId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequestedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    QuestionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    QuestionVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LanguageVersion = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CodeSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CodeBytes = table.Column<int>(type: "INTEGER", nullable: false),
                    Limits = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ExitCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Signal = table.Column<int>(type: "INTEGER", nullable: true),
                    CompileMilliseconds = table.Column<double>(type: "REAL", nullable: false),
                    CpuMilliseconds = table.Column<double>(type: "REAL", nullable: false),
                    WallMilliseconds = table.Column<double>(type: "REAL", nullable: false),
                    TotalMilliseconds = table.Column<double>(type: "REAL", nullable: false),
                    PeakMemoryBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    OutputTruncated = table.Column<bool>(type: "INTEGER", nullable: false),
                    TestsPassed = table.Column<int>(type: "INTEGER", nullable: true),
                    TestsTotal = table.Column<int>(type: "INTEGER", nullable: true),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
