ALTER TABLE "promises" ADD COLUMN "contact_title" text;--> statement-breakpoint
ALTER TABLE "promises" ADD COLUMN "contact_email" text;