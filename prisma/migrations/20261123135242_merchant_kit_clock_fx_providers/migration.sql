-- AlterEnum
ALTER TYPE "PaymentStatus" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "regions" ADD COLUMN     "authorization_ttl_seconds" INTEGER NOT NULL DEFAULT 604800,
ADD COLUMN     "clock_offset_ms" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "participants" ADD COLUMN     "fee_bps" DECIMAL(12,4),
ADD COLUMN     "fixed_fee" DECIMAL(38,18);

-- AlterTable
ALTER TABLE "quotes" ADD COLUMN     "fx_provider_id" TEXT,
ADD COLUMN     "offers" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "authorization_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "fx_provider_id" TEXT;

-- CreateTable
CREATE TABLE "fx_providers" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spread_bps" DECIMAL(12,4) NOT NULL,
    "currencies" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fx_providers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "fx_providers_region_id_code_key" ON "fx_providers"("region_id", "code");

-- CreateIndex
CREATE INDEX "payments_status_authorization_expires_at_idx" ON "payments"("status", "authorization_expires_at");

-- AddForeignKey
ALTER TABLE "fx_providers" ADD CONSTRAINT "fx_providers_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
