CREATE TABLE `account_scores` (
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
);
--> statement-breakpoint
CREATE INDEX `account_scores_rank_idx` ON `account_scores` (`model_id`,`rank`);--> statement-breakpoint
CREATE INDEX `account_scores_score_idx` ON `account_scores` (`model_id`,`score`,`account_id`);--> statement-breakpoint
CREATE TABLE `account_tags` (
	`account_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`account_id`, `tag`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_tags_tag_idx` ON `account_tags` (`tag`,`account_id`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY NOT NULL,
	`external_id` text NOT NULL,
	`name` text NOT NULL,
	`domain` text,
	`industry` text,
	`employee_count` integer,
	`annual_revenue` real,
	`country` text,
	`region` text,
	`founded_year` integer,
	`technologies` text DEFAULT '[]' NOT NULL,
	`lifecycle_stage` text DEFAULT 'prospect' NOT NULL,
	`owner_id` integer,
	`status` text DEFAULT 'new' NOT NULL,
	`notes` text,
	`custom` text DEFAULT '{}' NOT NULL,
	`last_activity_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_external_id_uq` ON `accounts` (`external_id`);--> statement-breakpoint
CREATE INDEX `accounts_domain_idx` ON `accounts` (`domain`);--> statement-breakpoint
CREATE INDEX `accounts_owner_idx` ON `accounts` (`owner_id`);--> statement-breakpoint
CREATE INDEX `accounts_industry_idx` ON `accounts` (`industry`);--> statement-breakpoint
CREATE INDEX `accounts_country_idx` ON `accounts` (`country`);--> statement-breakpoint
CREATE INDEX `accounts_name_idx` ON `accounts` (`name`);--> statement-breakpoint
CREATE TABLE `activities` (
	`id` integer PRIMARY KEY NOT NULL,
	`external_id` text,
	`account_id` integer NOT NULL,
	`contact_id` integer,
	`type` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`source` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activities_external_id_uq` ON `activities` (`external_id`);--> statement-breakpoint
CREATE INDEX `activities_account_time_idx` ON `activities` (`account_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`model_id` integer,
	`kind` text NOT NULL,
	`params` text NOT NULL,
	`notify_owner` integer DEFAULT true NOT NULL,
	`endpoint_id` integer,
	`enabled` integer DEFAULT true NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `scoring_models`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`scopes` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_uq` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `app_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`actor_label` text NOT NULL,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`details` text,
	`ip` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`,`at`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY NOT NULL,
	`external_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`first_name` text,
	`last_name` text,
	`email` text,
	`title` text,
	`department` text,
	`seniority` text,
	`buying_role` text,
	`lead_score` real,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_external_id_uq` ON `contacts` (`external_id`);--> statement-breakpoint
CREATE INDEX `contacts_account_idx` ON `contacts` (`account_id`);--> statement-breakpoint
CREATE INDEX `contacts_email_idx` ON `contacts` (`email`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`api_key_id` integer NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`api_key_id`, `key`),
	FOREIGN KEY (`api_key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `import_jobs` (
	`id` integer PRIMARY KEY NOT NULL,
	`entity` text NOT NULL,
	`filename` text NOT NULL,
	`file_path` text,
	`bytes` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`dry_run` integer DEFAULT false NOT NULL,
	`mapping` text,
	`options` text,
	`total_rows` integer,
	`processed_rows` integer DEFAULT 0 NOT NULL,
	`created_count` integer DEFAULT 0 NOT NULL,
	`updated_count` integer DEFAULT 0 NOT NULL,
	`unchanged_count` integer DEFAULT 0 NOT NULL,
	`failed_count` integer DEFAULT 0 NOT NULL,
	`cursor_offset` integer DEFAULT 0 NOT NULL,
	`cursor_line` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`heartbeat_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `import_jobs_status_idx` ON `import_jobs` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `import_row_errors` (
	`id` integer PRIMARY KEY NOT NULL,
	`job_id` integer NOT NULL,
	`line` integer NOT NULL,
	`column` text,
	`value` text,
	`reason` text NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `import_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_row_errors_job_idx` ON `import_row_errors` (`job_id`,`line`);--> statement-breakpoint
CREATE TABLE `intent_signals` (
	`id` integer PRIMARY KEY NOT NULL,
	`external_id` text,
	`account_id` integer NOT NULL,
	`topic` text NOT NULL,
	`strength` integer NOT NULL,
	`observed_at` integer NOT NULL,
	`source` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `intent_signals_external_id_uq` ON `intent_signals` (`external_id`);--> statement-breakpoint
CREATE INDEX `intent_signals_account_time_idx` ON `intent_signals` (`account_id`,`observed_at`);--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`first_failure_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `model_versions` (
	`id` integer PRIMARY KEY NOT NULL,
	`model_id` integer NOT NULL,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`kind` text NOT NULL,
	`definition` text NOT NULL,
	`note` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_by` integer,
	`updated_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer,
	`published_by` integer,
	FOREIGN KEY (`model_id`) REFERENCES `scoring_models`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `model_versions_model_version_uq` ON `model_versions` (`model_id`,`version`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`account_id` integer,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text,
	`read_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `opportunities` (
	`id` integer PRIMARY KEY NOT NULL,
	`external_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`name` text NOT NULL,
	`stage` text NOT NULL,
	`amount` real,
	`product` text,
	`opened_at` integer NOT NULL,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `opportunities_external_id_uq` ON `opportunities` (`external_id`);--> statement-breakpoint
CREATE INDEX `opportunities_account_idx` ON `opportunities` (`account_id`,`opened_at`);--> statement-breakpoint
CREATE TABLE `publish_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`model_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`action` text NOT NULL,
	`note` text,
	`published_by` integer,
	`published_at` integer NOT NULL,
	`account_count` integer NOT NULL,
	`band_counts` text NOT NULL,
	`duration_ms` integer NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `scoring_models`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `publish_events_model_time_idx` ON `publish_events` (`model_id`,`published_at`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `saved_views` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`query` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `saved_views_user_name_uq` ON `saved_views` (`user_id`,`name`);--> statement-breakpoint
CREATE TABLE `score_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`model_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`publish_event_id` integer NOT NULL,
	`score` real NOT NULL,
	`band` text NOT NULL,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `scoring_models`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `score_history_account_idx` ON `score_history` (`account_id`,`recorded_at`);--> statement-breakpoint
CREATE INDEX `score_history_event_idx` ON `score_history` (`publish_event_id`);--> statement-breakpoint
CREATE TABLE `scoring_models` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`kind` text NOT NULL,
	`is_primary` integer DEFAULT false NOT NULL,
	`published_version_id` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scoring_models_name_uq` ON `scoring_models` (`name`);--> statement-breakpoint
CREATE TABLE `training_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`model_id` integer,
	`status` text NOT NULL,
	`progress` real DEFAULT 0 NOT NULL,
	`params` text NOT NULL,
	`result` text,
	`error` text,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`model_id`) REFERENCES `scoring_models`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `training_runs_model_idx` ON `training_runs` (`model_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY NOT NULL,
	`endpoint_id` integer NOT NULL,
	`rule_id` integer,
	`event_type` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_status_code` integer,
	`last_response_ms` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rule_id`) REFERENCES `alert_rules`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint_idx` ON `webhook_deliveries` (`endpoint_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`secret` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
