// Placeholder until this page is built (issue 16): same layout, says what will be here and where the data is today.

import { coming } from '../components/placeholder.js';

export function render(root, params, ctx) {
  coming(root, { title: 'Run', what: 'Here: a run’s parameters, metrics with charts by step and time, tags, datasets and an artifact browser with previews.', api: 'GET /api/2.0/mlflow/runs/get?run_id=…' });
}
