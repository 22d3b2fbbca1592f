-- score_history is keyed by (publish event, account) with no secondary index and no per-row foreign
-- key check against accounts; account_scores drops its score index (rank answers score ranges).
ALTER TABLE "score_history" DROP CONSTRAINT "score_history_model_id_scoring_models_id_fk";--> statement-breakpoint
ALTER TABLE "score_history" DROP CONSTRAINT "score_history_account_id_accounts_id_fk";--> statement-breakpoint
DROP INDEX "account_scores_score_idx";--> statement-breakpoint
DROP INDEX "score_history_account_idx";--> statement-breakpoint
DROP INDEX "score_history_event_idx";--> statement-breakpoint
ALTER TABLE "score_history" DROP COLUMN "id";--> statement-breakpoint
ALTER TABLE "score_history" DROP COLUMN "model_id";--> statement-breakpoint
ALTER TABLE "score_history" DROP COLUMN "version_id";--> statement-breakpoint
ALTER TABLE "score_history" DROP COLUMN "recorded_at";--> statement-breakpoint
ALTER TABLE "score_history" ADD CONSTRAINT "score_history_publish_event_id_account_id_pk" PRIMARY KEY("publish_event_id","account_id");--> statement-breakpoint
ALTER TABLE "score_history" ADD CONSTRAINT "score_history_publish_event_id_publish_events_id_fk" FOREIGN KEY ("publish_event_id") REFERENCES "public"."publish_events"("id") ON DELETE cascade ON UPDATE no action;
