-- CreateEnum
CREATE TYPE "SimulationStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "simulations" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "status" "SimulationStatus" NOT NULL,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "progress_label" TEXT,
    "scenario" JSONB NOT NULL,
    "report" JSONB,
    "report_html" TEXT,
    "metrics_csv" TEXT,
    "queue_csv" TEXT,
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "simulations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "simulations_requested_by_id_idx" ON "simulations"("requested_by", "id");

-- CreateIndex
CREATE INDEX "simulations_status_idx" ON "simulations"("status");
