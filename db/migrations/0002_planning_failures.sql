ALTER TABLE "members" ADD COLUMN "planning_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "promises" ADD COLUMN "planning_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "planning_failures" integer DEFAULT 0 NOT NULL;