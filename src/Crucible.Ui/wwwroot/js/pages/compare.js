// Placeholder until this page is built (issue 16): same layout, says what will be here and where the data is today.

import { coming } from '../components/placeholder.js';

export function render(root, params, ctx) {
  coming(root, { title: 'Compare runs', what: 'Here: the selected runs side by side: metric charts overlaid, a params and tags diff, parallel coordinates and scatter.', api: 'GET /api/2.0/mlflow/runs/get' });
}
