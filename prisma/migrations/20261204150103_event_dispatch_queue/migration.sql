-- CreateTable
CREATE TABLE "event_dispatch_queue" (
    "sequence" BIGINT NOT NULL,

    CONSTRAINT "event_dispatch_queue_pkey" PRIMARY KEY ("sequence")
);

-- Events not yet dispatched keep their place: they move to the queue before the column goes.
INSERT INTO "event_dispatch_queue" ("sequence") SELECT "sequence" FROM "events" WHERE "dispatched_at" IS NULL;

-- DropIndex
DROP INDEX "events_dispatched_at_sequence_idx";

-- AlterTable
ALTER TABLE "events" DROP COLUMN "dispatched_at";
