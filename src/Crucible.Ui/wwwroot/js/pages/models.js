// Placeholder until this page is built (issue 16): same layout, says what will be here and where the data is today.

import { coming } from '../components/placeholder.js';

export function render(root, params, ctx) {
  coming(root, { title: 'Models', what: 'Here: the registered models with their latest versions, aliases and stages.', api: 'GET /api/2.0/mlflow/registered-models/search' });
}
