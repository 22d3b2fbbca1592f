-- account_scores and score_history become WITHOUT ROWID tables clustered on their keys: a publish
-- writes each in key order with one b-tree per table, and history no longer carries secondary indexes
-- (see db/schema/sqlite.ts). Hand-edited: drizzle-kit does not express WITHOUT ROWID.
CREATE TABLE `__new_account_scores` (
	`model_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`score` real NOT NULL,
	`band` text NOT NULL,
	`rank` integer NOT NULL,
	`fit` real NOT NULL,
	`engagement` real NOT NULL,
	`intent` real NOT NULL,
	`relationship` real NOT NULL,
	`probability` real,
	`previous_score` real,
	`scored_at` integer NOT NULL,
	PRIMARY KEY(`model_id`, `account_id`),
	FOREIGN KEY (`model_id`) REFERENCES `scoring_models`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_account_scores` SELECT `model_id`, `account_id`, `version_id`, `score`, `band`, `rank`, `fit`, `engagement`, `intent`, `relationship`, `probability`, `previous_score`, `scored_at` FROM `account_scores` ORDER BY `model_id`, `account_id`;--> statement-breakpoint
DROP TABLE `account_scores`;--> statement-breakpoint
ALTER TABLE `__new_account_scores` RENAME TO `account_scores`;--> statement-breakpoint
CREATE INDEX `account_scores_rank_idx` ON `account_scores` (`model_id`,`rank`);--> statement-breakpoint
CREATE TABLE `__new_score_history` (
	`publish_event_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`score` real NOT NULL,
	`band` text NOT NULL,
	PRIMARY KEY(`publish_event_id`, `account_id`),
	FOREIGN KEY (`publish_event_id`) REFERENCES `publish_events`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_score_history` SELECT `publish_event_id`, `account_id`, `score`, `band` FROM `score_history` ORDER BY `publish_event_id`, `account_id`;--> statement-breakpoint
DROP TABLE `score_history`;--> statement-breakpoint
ALTER TABLE `__new_score_history` RENAME TO `score_history`;
