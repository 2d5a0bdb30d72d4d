-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "amount_captured" DECIMAL(38,18) NOT NULL DEFAULT 0;

-- Payments captured before partial capture existed were captured in full.
UPDATE "payments" SET "amount_captured" = "amount" WHERE "status" IN ('captured', 'settled') OR "captured_at" IS NOT NULL;
