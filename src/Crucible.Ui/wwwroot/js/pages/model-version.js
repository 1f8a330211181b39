// Placeholder until this page is built (issue 16): same layout, says what will be here and where the data is today.

import { coming } from '../components/placeholder.js';

export function render(root, params, ctx) {
  coming(root, { title: 'Model version', what: 'Here: a version’s signature, integrity, evaluations and gates, and its lineage from run and datasets to deployments and monitors.', api: 'GET /api/2.0/mlflow/model-versions/get' });
}
