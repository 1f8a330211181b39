// Placeholder until this page is built (issue 16): same layout, says what will be here and where the data is today.

import { coming } from '../components/placeholder.js';

export function render(root, params, ctx) {
  coming(root, { title: 'Search', what: 'Here: matches across experiment, model, dataset and deployment names.', api: 'the search endpoints of each resource' });
}
