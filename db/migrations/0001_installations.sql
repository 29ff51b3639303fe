CREATE TABLE "installations" (
	"platform" text NOT NULL,
	"key" text NOT NULL,
	"data" jsonb NOT NULL,
	"installer_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installations_platform_key_pk" PRIMARY KEY("platform","key")
);
