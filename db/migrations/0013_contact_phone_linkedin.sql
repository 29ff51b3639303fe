ALTER TABLE "promises" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "promises" ADD COLUMN "contact_linkedin" text;