// Metric histories from MLflow's metrics/get-history, every page (max_results up to the server's 25,000 a page,
// following next_page_token), cached per run and key for the life of a page.

import { paths } from '../api.js';

const pageSize = 25000;

/** A cache of histories: get(runId, key) answers a promise of [{ key, value, timestamp, step }]. */
export function historyCache(api) {
  const cache = new Map();
  return {
    get(runId, key) {
      const id = runId + '\u0000' + key;
      if (!cache.has(id)) {
        const p = loadHistory(api, runId, key);
        p.catch(() => cache.delete(id));
        cache.set(id, p);
      }
      return cache.get(id);
    },
  };
}

/** Every logged value of one metric of one run. */
export async function loadHistory(api, runId, key) {
  const out = [];
  let token;
  do {
    const answer = await api.get(`${paths.mlflow}/metrics/get-history`, { run_id: runId, metric_key: key, max_results: pageSize, page_token: token });
    for (const m of answer.metrics ?? []) out.push(m);
    token = answer.next_page_token;
  } while (token);
  return out;
}
