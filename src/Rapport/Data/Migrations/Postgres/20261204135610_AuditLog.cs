using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Rapport.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    InterviewId = table.Column<Guid>(type: "uuid", nullable: true),
                    LoopId = table.Column<Guid>(type: "uuid", nullable: true),
                    CandidateId = table.Column<Guid>(type: "uuid", nullable: true),
                    PersonId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AuditEntries_Interviews_InterviewId",
                        column: x => x.InterviewId,
                        principalTable: "Interviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ActorId_Id",
                table: "AuditEntries",
                columns: new[] { "ActorId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_InterviewId_Id",
                table: "AuditEntries",
                columns: new[] { "InterviewId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Kind_Id",
                table: "AuditEntries",
                columns: new[] { "Kind", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_PersonId_Id",
                table: "AuditEntries",
                columns: new[] { "PersonId", "Id" });

            // Data step (added by hand): every interview's history moves into the one audit log, ids and all.
            migrationBuilder.Sql("""INSERT INTO "AuditEntries" ("Id", "At", "ActorId", "ActorName", "Kind", "Summary", "InterviewId") SELECT "Id", "At", "ById", "ByName", "Kind", "Detail", "InterviewId" FROM "InterviewChanges";""");
            migrationBuilder.Sql("""SELECT setval(pg_get_serial_sequence('"AuditEntries"', 'Id'), COALESCE((SELECT MAX("Id") FROM "AuditEntries"), 0) + 1, false);""");

            migrationBuilder.DropTable(
                name: "InterviewChanges");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InterviewChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    InterviewId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_InterviewChanges_InterviewId_Id",
                table: "InterviewChanges",
                columns: new[] { "InterviewId", "Id" });

            // Data step (added by hand): the interviews' histories go back to their own table; the rest of the log is lost.
            migrationBuilder.Sql("""INSERT INTO "InterviewChanges" ("Id", "At", "ById", "ByName", "Kind", "Detail", "InterviewId") SELECT "Id", "At", "ActorId", "ActorName", "Kind", "Summary", "InterviewId" FROM "AuditEntries" WHERE "InterviewId" IS NOT NULL AND "Kind" IN ('planned', 'rescheduled', 'panel-changed', 'cancelled', 'started', 'ended', 'debrief-lead-changed');""");

            migrationBuilder.DropTable(
                name: "AuditEntries");
        }
    }
}
