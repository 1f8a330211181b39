// Placeholder until this page is built (issue 16): same layout, says what will be here and where the data is today.

import { coming } from '../components/placeholder.js';

export function render(root, params, ctx) {
  coming(root, { title: 'Pipeline', what: 'Here: a pipeline’s step graph and its runs with per-step status, duration and logs.', api: 'GET /api/crucible/v1/pipelines/{name}' });
}
