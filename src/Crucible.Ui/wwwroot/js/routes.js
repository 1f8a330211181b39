// The route table: each hash route names the page module (js/pages/<page>.js) that renders it, the nav section it
// belongs to, and its title. One file per page: adding a page means adding its module, not editing the router.

export const routes = [
  { path: '/experiments', page: 'experiments', nav: 'experiments', title: 'Experiments' },
  { path: '/experiments/:id', page: 'runs', nav: 'experiments', title: 'Runs' },
  { path: '/runs/:id', page: 'run', nav: 'experiments', title: 'Run' },
  { path: '/compare', page: 'compare', nav: 'experiments', title: 'Compare runs' },
  { path: '/models', page: 'models', nav: 'models', title: 'Models' },
  { path: '/models/:name', page: 'model', nav: 'models', title: 'Model' },
  { path: '/models/:name/versions/:version', page: 'model-version', nav: 'models', title: 'Model version' },
  { path: '/deployments', page: 'deployments', nav: 'deployments', title: 'Deployments' },
  { path: '/deployments/:name', page: 'deployment', nav: 'deployments', title: 'Deployment' },
  { path: '/monitors/:name', page: 'monitor', nav: 'deployments', title: 'Monitor' },
  { path: '/datasets', page: 'datasets', nav: 'datasets', title: 'Datasets' },
  { path: '/datasets/:name', page: 'dataset', nav: 'datasets', title: 'Dataset' },
  { path: '/pipelines', page: 'pipelines', nav: 'pipelines', title: 'Pipelines' },
  { path: '/pipelines/:name', page: 'pipeline', nav: 'pipelines', title: 'Pipeline' },
  { path: '/search', page: 'search', nav: null, title: 'Search' },
];

/** Where '#/' and an empty hash go. */
export const home = '/experiments';

/** The sections in the nav, with their 'g <key>' shortcut. */
export const nav = [
  { id: 'experiments', label: 'Experiments', path: '/experiments', key: 'e' },
  { id: 'models', label: 'Models', path: '/models', key: 'm' },
  { id: 'deployments', label: 'Deployments', path: '/deployments', key: 'd' },
  { id: 'datasets', label: 'Datasets', path: '/datasets', key: 's' },
  { id: 'pipelines', label: 'Pipelines', path: '/pipelines', key: 'p' },
];
