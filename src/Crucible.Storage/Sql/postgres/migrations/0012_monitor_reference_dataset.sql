-- A monitor may compare its windows with a registered dataset version (NAME@VERSION) instead of a reference window
-- of served traffic (PostgreSQL). Existing monitors keep their window: the column is NULL.
ALTER TABLE monitors ADD COLUMN reference_dataset TEXT;
