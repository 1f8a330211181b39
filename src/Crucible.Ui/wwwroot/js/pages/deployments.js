// Placeholder until this page is built (issue 16): same layout, says what will be here and where the data is today.

import { coming } from '../components/placeholder.js';

export function render(root, params, ctx) {
  coming(root, { title: 'Deployments', what: 'Here: every deployment with its routes, weights and live request rate.', api: 'GET /api/crucible/v1/deployments' });
}
