-- Inference exposure controls per deployment (issue 15, item 7): output controls (mode, decimals, top_k) and
-- per-caller / total request limits, as one JSON object (DeploymentRows writes and reads it). NULL, as every
-- deployment created before this migration has, means no controls: full answers and no limits.
ALTER TABLE deployments ADD COLUMN exposure TEXT;
