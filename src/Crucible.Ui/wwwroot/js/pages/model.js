// Placeholder until this page is built (issue 16): same layout, says what will be here and where the data is today.

import { coming } from '../components/placeholder.js';

export function render(root, params, ctx) {
  coming(root, { title: 'Model', what: 'Here: a registered model’s versions, aliases and stages, and the actions your role allows.', api: 'GET /api/2.0/mlflow/registered-models/get?name=…' });
}
