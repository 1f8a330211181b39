-- PostgreSQL prediction-log insert: one statement per chunk of records, each column sent as one array.

-- name: InsertPredictions
-- ORDER BY ord assigns seq in the order of the batch, so ties on timestamp_ms read back in append order.
INSERT INTO predictions (deployment, request_id, model, version, timestamp_ms, inputs, outputs, latency_ms, shadow, error)
SELECT deployment, request_id, model, version, timestamp_ms, inputs, outputs, latency_ms, shadow, error
FROM unnest(@deployment::text[], @request_id::text[], @model::text[], @version::text[], @timestamp_ms::bigint[],
            @inputs::text[], @outputs::text[], @latency_ms::double precision[], @shadow::smallint[], @error::text[])
     WITH ORDINALITY AS r (deployment, request_id, model, version, timestamp_ms, inputs, outputs, latency_ms, shadow, error, ord)
ORDER BY ord;

-- name: ListDeployments
-- Byte order, as SQLite's BINARY collation sorts, whatever the database's locale.
SELECT name, routes, shadow, max_batch_size, max_delay_ms, description, capture, revision, creation_time, last_updated_time, exposure
FROM deployments ORDER BY name COLLATE "C";
