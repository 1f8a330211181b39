// Placeholder until this page is built (issue 16): same layout, says what will be here and where the data is today.

import { coming } from '../components/placeholder.js';

export function render(root, params, ctx) {
  coming(root, { title: 'Deployment', what: 'Here: routes and weights, shadow traffic, latency percentiles and errors per version, recent predictions, weight changes and roll-back.', api: 'GET /api/crucible/v1/deployments/{name}' });
}
