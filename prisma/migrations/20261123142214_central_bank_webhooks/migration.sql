-- DropForeignKey
ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "webhook_endpoints_merchant_id_fkey";

-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN     "central_bank_id" TEXT,
ALTER COLUMN "merchant_id" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "webhook_endpoints_central_bank_id_id_idx" ON "webhook_endpoints"("central_bank_id", "id");

-- AddForeignKey
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_central_bank_id_fkey" FOREIGN KEY ("central_bank_id") REFERENCES "central_banks"("id") ON DELETE SET NULL ON UPDATE CASCADE;
