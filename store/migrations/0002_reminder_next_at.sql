-- Schema version 2: when a reminder next falls due (its snooze time, else its due time) in one
-- indexed column, so the due check stays an index range scan however many profiles there are.
ALTER TABLE reminders ADD COLUMN next_at INTEGER;
UPDATE reminders SET next_at = COALESCE(snoozed_until, due_at);
DROP INDEX reminders_due;
CREATE INDEX reminders_next ON reminders(next_at) WHERE fired_at IS NULL AND dismissed_at IS NULL;
