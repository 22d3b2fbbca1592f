-- The rank index of account_scores becomes a table, score_ranks, that a publish appends to in key
-- order (see db/schema/pg.ts). Existing rankings are carried over.
CREATE TABLE "score_ranks" (
	"model_id" integer NOT NULL,
	"rank" integer NOT NULL,
	"account_id" integer NOT NULL,
	CONSTRAINT "score_ranks_model_id_rank_pk" PRIMARY KEY("model_id","rank")
);
--> statement-breakpoint
INSERT INTO "score_ranks" ("model_id", "rank", "account_id") SELECT "model_id", "rank", "account_id" FROM "account_scores" ORDER BY "model_id", "rank";--> statement-breakpoint
DROP INDEX "account_scores_rank_idx";--> statement-breakpoint
ALTER TABLE "score_ranks" ADD CONSTRAINT "score_ranks_model_id_scoring_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."scoring_models"("id") ON DELETE cascade ON UPDATE no action;
