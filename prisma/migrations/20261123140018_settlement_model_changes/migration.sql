-- AlterTable
ALTER TABLE "regions" ADD COLUMN     "settlement_cycle_cron" TEXT,
ADD COLUMN     "settlement_cycle_time_zone" TEXT;

-- AlterTable
ALTER TABLE "settlement_windows" ADD COLUMN     "settlement_model" JSONB;

-- CreateTable
CREATE TABLE "settlement_model_changes" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "from_model" JSONB NOT NULL,
    "to_model" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "changed_by" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "effective_from_window" INTEGER NOT NULL,

    CONSTRAINT "settlement_model_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "settlement_model_changes_region_id_id_idx" ON "settlement_model_changes"("region_id", "id");

-- AddForeignKey
ALTER TABLE "settlement_model_changes" ADD CONSTRAINT "settlement_model_changes_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
