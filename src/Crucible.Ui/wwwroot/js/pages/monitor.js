// Placeholder until this page is built (issue 16): same layout, says what will be here and where the data is today.

import { coming } from '../components/placeholder.js';

export function render(root, params, ctx) {
  coming(root, { title: 'Monitor', what: 'Here: drift over time, the latest window against the reference, performance with bands, alerts with their evidence and retraining signals.', api: 'GET /api/crucible/v1/monitors' });
}
