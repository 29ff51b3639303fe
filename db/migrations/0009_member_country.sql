DROP INDEX "promises_next_nudge_at";--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "region" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "country_asked_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "promises_next_nudge_at" ON "promises" USING btree ("next_nudge_at") WHERE next_nudge_at is not null;