-- Members told about the time zone before 0003 were remembered by a request key, "time-zone-asked:<member id>": carry that into the column, then drop the keys, which name a member.
UPDATE "members" SET "time_zone_asked_at" = "processed_requests"."at" FROM "processed_requests" WHERE "processed_requests"."workspace_id" = "members"."workspace_id" AND "processed_requests"."key" = 'time-zone-asked:' || "members"."id"::text AND "members"."time_zone_asked_at" IS NULL;--> statement-breakpoint
DELETE FROM "processed_requests" WHERE "key" LIKE 'time-zone-asked:%';
