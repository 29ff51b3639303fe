ALTER TABLE "workspaces" ADD COLUMN "accountability_channel_set_by" uuid;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "channel_problem" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "channel_problem_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_accountability_channel_set_by_members_id_fk" FOREIGN KEY ("accountability_channel_set_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;