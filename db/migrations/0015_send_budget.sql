CREATE TABLE "send_budget" (
	"scope" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"workspace_id" uuid,
	"tokens" double precision NOT NULL,
	"refilled_at_ms" double precision NOT NULL,
	"granted" integer DEFAULT 0 NOT NULL,
	"hold_until_ms" double precision
);
--> statement-breakpoint
ALTER TABLE "send_budget" ADD CONSTRAINT "send_budget_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;