using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CandidateSurvey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SurveyReceipts",
                columns: table => new
                {
                    InterviewId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyReceipts", x => x.InterviewId);
                    table.ForeignKey(
                        name: "FK_SurveyReceipts_Interviews_InterviewId",
                        column: x => x.InterviewId,
                        principalTable: "Interviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SurveyResponses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Week = table.Column<DateOnly>(type: "date", nullable: false),
                    ExpectationsClear = table.Column<int>(type: "integer", nullable: true),
                    TreatedWithRespect = table.Column<int>(type: "integer", nullable: true),
                    HintsHelped = table.Column<int>(type: "integer", nullable: true),
                    NoHintsGiven = table.Column<bool>(type: "boolean", nullable: false),
                    TimeForQuestions = table.Column<int>(type: "integer", nullable: true),
                    Overall = table.Column<int>(type: "integer", nullable: false),
                    Comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyResponses", x => x.Id);
                    table.CheckConstraint("CK_SurveyResponses_ExpectationsClear", "\"ExpectationsClear\" BETWEEN 1 AND 5");
                    table.CheckConstraint("CK_SurveyResponses_HintsHelped", "\"HintsHelped\" BETWEEN 1 AND 5");
                    table.CheckConstraint("CK_SurveyResponses_Overall", "\"Overall\" BETWEEN 1 AND 5");
                    table.CheckConstraint("CK_SurveyResponses_TimeForQuestions", "\"TimeForQuestions\" BETWEEN 1 AND 5");
                    table.CheckConstraint("CK_SurveyResponses_TreatedWithRespect", "\"TreatedWithRespect\" BETWEEN 1 AND 5");
                });

            migrationBuilder.CreateTable(
                name: "SurveyResponseInterviewers",
                columns: table => new
                {
                    ResponseId = table.Column<Guid>(type: "uuid", nullable: false),
                    InterviewerId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyResponseInterviewers", x => new { x.ResponseId, x.InterviewerId });
                    table.ForeignKey(
                        name: "FK_SurveyResponseInterviewers_AspNetUsers_InterviewerId",
                        column: x => x.InterviewerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SurveyResponseInterviewers_SurveyResponses_ResponseId",
                        column: x => x.ResponseId,
                        principalTable: "SurveyResponses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyResponseInterviewers_InterviewerId",
                table: "SurveyResponseInterviewers",
                column: "InterviewerId");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyResponses_Week",
                table: "SurveyResponses",
                column: "Week");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SurveyReceipts");

            migrationBuilder.DropTable(
                name: "SurveyResponseInterviewers");

            migrationBuilder.DropTable(
                name: "SurveyResponses");
        }
    }
}
