using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Rapport.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CandidatesAndLoops : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Candidates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    NormalizedEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    PreferredName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Pronouns = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Candidates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InterviewChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InterviewId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InterviewChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InterviewChanges_Interviews_InterviewId",
                        column: x => x.InterviewId,
                        principalTable: "Interviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Loops",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CandidateId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DebriefLeadId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Loops", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Loops_AspNetUsers_DebriefLeadId",
                        column: x => x.DebriefLeadId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Loops_Candidates_CandidateId",
                        column: x => x.CandidateId,
                        principalTable: "Candidates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_NormalizedEmail",
                table: "Candidates",
                column: "NormalizedEmail",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InterviewChanges_InterviewId_Id",
                table: "InterviewChanges",
                columns: new[] { "InterviewId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Loops_CandidateId",
                table: "Loops",
                column: "CandidateId");

            migrationBuilder.CreateIndex(
                name: "IX_Loops_DebriefLeadId",
                table: "Loops",
                column: "DebriefLeadId");

            migrationBuilder.AddColumn<int>(
                name: "CalendarSequence",
                table: "Interviews",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EndedAt",
                table: "Interviews",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "LoopId",
                table: "Interviews",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StartedAt",
                table: "Interviews",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Interviews",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Planned");

            // Every interview becomes its own loop (same id), for one candidate per email: the
            // earliest interview's id and name, the email folded as Candidate.NormalizeEmail folds it
            // (ASCII letters only). Its planner leads the debrief. An interview whose room was used
            // is in progress, or ended once its time is over; the others stay planned.
            migrationBuilder.Sql("""
                INSERT INTO "Candidates" ("Id", "Name", "Email", "NormalizedEmail", "CreatedAt")
                SELECT i."Id", i."CandidateName", i."CandidateEmail", translate(i."CandidateEmail", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), i."CreatedAt"
                FROM "Interviews" AS i
                WHERE i."Id" = (SELECT j."Id" FROM "Interviews" AS j WHERE translate(j."CandidateEmail", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = translate(i."CandidateEmail", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') ORDER BY j."CreatedAt", j."Id" LIMIT 1);
                """);
            migrationBuilder.Sql("""
                INSERT INTO "Loops" ("Id", "CandidateId", "Role", "DebriefLeadId", "State", "CreatedAt")
                SELECT i."Id", c."Id", i."Role", i."CreatedById", 'Interviewing', i."CreatedAt"
                FROM "Interviews" AS i JOIN "Candidates" AS c ON c."NormalizedEmail" = translate(i."CandidateEmail", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
                """);
            migrationBuilder.Sql("""
                UPDATE "Interviews" SET "LoopId" = "Id";
                """);
            migrationBuilder.Sql("""
                UPDATE "Interviews" AS i SET
                    "Status" = CASE WHEN i."ScheduledAt" + make_interval(mins => CAST(ceil(i."DurationMinutes" * (100 + i."ExtraTimePercent") / 100.0) AS integer)) < now() THEN 'Ended' ELSE 'InProgress' END,
                    "StartedAt" = (SELECT MIN(e."At") FROM "RoomEvents" AS e WHERE e."InterviewId" = i."Id"),
                    "EndedAt" = CASE WHEN i."ScheduledAt" + make_interval(mins => CAST(ceil(i."DurationMinutes" * (100 + i."ExtraTimePercent") / 100.0) AS integer)) < now() THEN (SELECT MAX(e."At") FROM "RoomEvents" AS e WHERE e."InterviewId" = i."Id") END
                WHERE EXISTS (SELECT 1 FROM "RoomEvents" AS e WHERE e."InterviewId" = i."Id");
                """);

            migrationBuilder.DropColumn(
                name: "CandidateEmail",
                table: "Interviews");

            migrationBuilder.DropColumn(
                name: "CandidateName",
                table: "Interviews");

            migrationBuilder.DropColumn(
                name: "Role",
                table: "Interviews");

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_LoopId",
                table: "Interviews",
                column: "LoopId");

            migrationBuilder.AddForeignKey(
                name: "FK_Interviews_Loops_LoopId",
                table: "Interviews",
                column: "LoopId",
                principalTable: "Loops",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }



        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Interviews_Loops_LoopId",
                table: "Interviews");

            migrationBuilder.DropTable(
                name: "InterviewChanges");

            migrationBuilder.DropTable(
                name: "Loops");

            migrationBuilder.DropTable(
                name: "Candidates");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_LoopId",
                table: "Interviews");

            migrationBuilder.DropColumn(
                name: "CalendarSequence",
                table: "Interviews");

            migrationBuilder.DropColumn(
                name: "EndedAt",
                table: "Interviews");

            migrationBuilder.DropColumn(
                name: "LoopId",
                table: "Interviews");

            migrationBuilder.DropColumn(
                name: "StartedAt",
                table: "Interviews");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Interviews");

            migrationBuilder.AddColumn<string>(
                name: "CandidateEmail",
                table: "Interviews",
                type: "character varying(254)",
                maxLength: 254,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CandidateName",
                table: "Interviews",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Role",
                table: "Interviews",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");
        }
    }
}
