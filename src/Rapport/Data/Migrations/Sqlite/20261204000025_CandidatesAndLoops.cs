using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    PreferredName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Pronouns = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Candidates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InterviewChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InterviewId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CandidateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DebriefLeadId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "EndedAt",
                table: "Interviews",
                type: "INTEGER",
                nullable: true);

            // Written by hand, not as AddColumn + AddForeignKey: on SQLite those make EF rebuild the
            // table with foreign keys switched off, outside the migration's transaction, so a crash
            // half-way would leave a half-migrated database. SQLite adds a referencing column in
            // place when its default is NULL; the data step below fills it for every row.
            migrationBuilder.Sql("""
                ALTER TABLE "Interviews" ADD COLUMN "LoopId" TEXT NULL REFERENCES "Loops" ("Id") ON DELETE RESTRICT;
                """);

            migrationBuilder.AddColumn<long>(
                name: "StartedAt",
                table: "Interviews",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Interviews",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Planned");

            // Every interview becomes its own loop (same id), for one candidate per email: the
            // earliest interview's id and name, the email folded as Candidate.NormalizeEmail folds it
            // (ASCII letters only). Its planner leads the debrief. An interview whose room was used
            // is in progress, or ended once its time is over; the others stay planned.
            migrationBuilder.Sql("""
                INSERT INTO "Candidates" ("Id", "Name", "Email", "NormalizedEmail", "CreatedAt")
                SELECT i."Id", i."CandidateName", i."CandidateEmail", lower(i."CandidateEmail"), i."CreatedAt"
                FROM "Interviews" AS i
                WHERE i."Id" = (SELECT j."Id" FROM "Interviews" AS j WHERE lower(j."CandidateEmail") = lower(i."CandidateEmail") ORDER BY j."CreatedAt", j."Id" LIMIT 1);
                """);
            migrationBuilder.Sql("""
                INSERT INTO "Loops" ("Id", "CandidateId", "Role", "DebriefLeadId", "State", "CreatedAt")
                SELECT i."Id", c."Id", i."Role", i."CreatedById", 'Interviewing', i."CreatedAt"
                FROM "Interviews" AS i JOIN "Candidates" AS c ON c."NormalizedEmail" = lower(i."CandidateEmail");
                """);
            migrationBuilder.Sql("""
                UPDATE "Interviews" SET "LoopId" = "Id";
                """);
            migrationBuilder.Sql("""
                UPDATE "Interviews" AS i SET
                    "Status" = CASE WHEN i."ScheduledAt" + i."DurationMinutes" * 60000 * (100 + i."ExtraTimePercent") / 100 < CAST(strftime('%s','now') AS INTEGER) * 1000 THEN 'Ended' ELSE 'InProgress' END,
                    "StartedAt" = (SELECT MIN(e."At") FROM "RoomEvents" AS e WHERE e."InterviewId" = i."Id"),
                    "EndedAt" = CASE WHEN i."ScheduledAt" + i."DurationMinutes" * 60000 * (100 + i."ExtraTimePercent") / 100 < CAST(strftime('%s','now') AS INTEGER) * 1000 THEN (SELECT MAX(e."At") FROM "RoomEvents" AS e WHERE e."InterviewId" = i."Id") END
                WHERE EXISTS (SELECT 1 FROM "RoomEvents" AS e WHERE e."InterviewId" = i."Id");
                """);

            // Dropped in place (SQLite 3.35+), inside the transaction, for the same reason.
            migrationBuilder.Sql("""ALTER TABLE "Interviews" DROP COLUMN "CandidateEmail";""");
            migrationBuilder.Sql("""ALTER TABLE "Interviews" DROP COLUMN "CandidateName";""");
            migrationBuilder.Sql("""ALTER TABLE "Interviews" DROP COLUMN "Role";""");

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_LoopId",
                table: "Interviews",
                column: "LoopId");
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
                type: "TEXT",
                maxLength: 254,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CandidateName",
                table: "Interviews",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Role",
                table: "Interviews",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");
        }
    }
}
