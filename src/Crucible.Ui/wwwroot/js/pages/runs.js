// Placeholder until this page is built (issue 16): same layout, says what will be here and where the data is today.

import { coming } from '../components/placeholder.js';

export function render(root, params, ctx) {
  coming(root, { title: 'Runs', what: 'Here: the runs of this experiment: a table that stays fast at 100,000 runs, sorted and filtered on the server with the runs/search grammar, a column chooser for metrics, params and tags, saved views, and multi-select to compare.', api: 'POST /api/2.0/mlflow/runs/search' });
}
