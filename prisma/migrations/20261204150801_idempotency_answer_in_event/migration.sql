-- AlterTable
ALTER TABLE "idempotency_records" ADD COLUMN     "response_event_id" TEXT,
ALTER COLUMN "response_body" DROP NOT NULL;

-- Every record has its answer: in its own body or in the event it names.
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_answer_check" CHECK ("response_body" IS NOT NULL OR "response_event_id" IS NOT NULL);
