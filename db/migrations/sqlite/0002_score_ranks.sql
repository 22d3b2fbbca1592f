-- The rank index of account_scores becomes a table, score_ranks, that a publish appends to in key
-- order (see db/schema/sqlite.ts). Hand-edited: drizzle-kit does not express WITHOUT ROWID, and
-- existing rankings are carried over.
CREATE TABLE `score_ranks` (
	`model_id` integer NOT NULL,
	`rank` integer NOT NULL,
	`account_id` integer NOT NULL,
	PRIMARY KEY(`model_id`, `rank`),
	FOREIGN KEY (`model_id`) REFERENCES `scoring_models`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `score_ranks` (`model_id`, `rank`, `account_id`) SELECT `model_id`, `rank`, `account_id` FROM `account_scores` ORDER BY `model_id`, `rank`;--> statement-breakpoint
DROP INDEX `account_scores_rank_idx`;
