CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"member_id" uuid,
	"kind" text NOT NULL,
	"platform" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"claimed_by" text,
	"last_error" text,
	"platform_message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "deliveries_dedupe_key" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"promise_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"channel" text,
	"note" text,
	CONSTRAINT "follow_ups_promise_attempt" UNIQUE("promise_id","attempt")
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"display_name" text NOT NULL,
	"time_zone" text NOT NULL,
	"time_zone_confirmed" boolean DEFAULT false NOT NULL,
	"digest_time" text,
	"work_days" smallint[] NOT NULL,
	"work_start" text NOT NULL,
	"work_end" text NOT NULL,
	"share" boolean DEFAULT false NOT NULL,
	"target" integer NOT NULL,
	"paused_until" timestamp with time zone,
	"next_digest_at" timestamp with time zone,
	"dm_channel_id" text,
	"unreachable_at" timestamp with time zone,
	"next_ref" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_workspace_external_id" UNIQUE("workspace_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "processed_requests" (
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "processed_requests_workspace_id_key_pk" PRIMARY KEY("workspace_id","key")
);
--> statement-breakpoint
CREATE TABLE "promises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"ref" integer NOT NULL,
	"kind" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_role" text,
	"contact_company" text,
	"what" text NOT NULL,
	"promised_channel" text,
	"due_at" timestamp with time zone NOT NULL,
	"due_precision" text NOT NULL,
	"due_days" integer,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"last_activity_at" timestamp with time zone NOT NULL,
	"snoozed_until" timestamp with time zone,
	"keep_going" boolean DEFAULT false NOT NULL,
	"right_person_suggested" boolean DEFAULT false NOT NULL,
	"last_nudged_attempt" integer DEFAULT 0 NOT NULL,
	"thanked" boolean DEFAULT false NOT NULL,
	"next_nudge_at" timestamp with time zone,
	"outcome" text,
	"closed_at" timestamp with time zone,
	CONSTRAINT "promises_member_ref" UNIQUE("member_id","ref")
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text,
	"accountability_channel_id" text,
	"roundup_cadence" text DEFAULT 'weekly' NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"next_roundup_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_platform_external_id" UNIQUE("platform","external_id")
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_promise_id_promises_id_fk" FOREIGN KEY ("promise_id") REFERENCES "public"."promises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "processed_requests" ADD CONSTRAINT "processed_requests_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliveries_pending" ON "deliveries" USING btree ("next_attempt_at") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "deliveries_sending" ON "deliveries" USING btree ("claimed_at") WHERE state = 'sending';--> statement-breakpoint
CREATE INDEX "follow_ups_workspace_at" ON "follow_ups" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "members_next_digest_at" ON "members" USING btree ("next_digest_at") WHERE next_digest_at is not null and unreachable_at is null;--> statement-breakpoint
CREATE INDEX "promises_next_nudge_at" ON "promises" USING btree ("next_nudge_at") WHERE outcome is null and next_nudge_at is not null;--> statement-breakpoint
CREATE INDEX "promises_member_outcome" ON "promises" USING btree ("workspace_id","member_id","outcome");--> statement-breakpoint
CREATE INDEX "workspaces_next_roundup_at" ON "workspaces" USING btree ("next_roundup_at") WHERE accountability_channel_id is not null;