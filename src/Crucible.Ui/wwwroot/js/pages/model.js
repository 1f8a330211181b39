// #/models/{name}: one registered model (MLflow registered-models/get) with its versions (model-versions/search),
// stages, aliases, tags and description. Maintainers may move or delete an alias (registered-models/alias).

import { h, replace, link, seg } from '../components/dom.js';
import { formatAgo, formatTime } from '../components/format.js';
import { useStyles } from '../components/styles.js';
import { paths } from '../api.js';

const pageSize = 200;

export async function render(root, params, ctx) {
  await useStyles('registry');
  const name = params.name;
  const [{ registered_model: model }, versions] = await Promise.all([
    ctx.api.get(`${paths.mlflow}/registered-models/get`, { name }),
    searchVersions(ctx, name, null),
  ]);
  ctx.setTitle(`Model ${model.name}`);
  const state = { versions: versions.model_versions ?? [], token: versions.next_page_token ?? null };

  const versionsBody = h('tbody', {});
  const more = h('button', { type: 'button', id: 'more-versions', onClick: () => loadMore() }, 'Load more versions');
  const moreSlot = h('div', { class: 'actions' });
  const aliasList = h('ul', { class: 'plain', id: 'alias-list' });
  const message = h('p', { class: 'message', role: 'status', id: 'alias-message' });

  replace(root,
    h('div', { class: 'breadcrumbs' }, link('/models', 'Models'), ' / '),
    h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, model.name),
      h('span', { class: 'muted', id: 'version-count' })),
    h('dl', { class: 'summary' },
      h('dt', {}, 'Description'), h('dd', { id: 'model-description' }, model.description || h('span', { class: 'muted' }, 'none')),
      h('dt', {}, 'Created'), h('dd', {}, formatTime(model.creation_timestamp)),
      h('dt', {}, 'Updated'), h('dd', {}, `${formatTime(model.last_updated_timestamp)} (${formatAgo(model.last_updated_timestamp)})`),
      h('dt', {}, 'Tags'), h('dd', {}, tags(model.tags))),
    h('div', { class: 'cards' },
      h('section', { class: 'card', 'aria-labelledby': 'aliases-h' },
        h('h2', { id: 'aliases-h' }, 'Aliases'),
        aliasList,
        ctx.caller.can('maintainer') ? aliasForm() : null,
        message),
      h('section', { class: 'card', 'aria-labelledby': 'api-h' },
        h('h2', { id: 'api-h' }, 'From a script'),
        h('p', { class: 'muted' }, 'The same data: ',
          h('code', {}, `GET ${paths.mlflow}/registered-models/get?name=${encodeURIComponent(model.name)}`), ' and ',
          h('code', {}, `POST ${paths.mlflow}/model-versions/search`), '.'))),
    h('h2', {}, 'Versions'),
    h('table', { class: 'grid', id: 'versions' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'num' }, 'Version'), h('th', { scope: 'col' }, 'Stage'), h('th', { scope: 'col' }, 'Aliases'),
        h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Gate'), h('th', { scope: 'col' }, 'Run'),
        h('th', { scope: 'col' }, 'Created'), h('th', { scope: 'col' }, 'Description'))),
      versionsBody),
    moreSlot);

  drawAliases(model.aliases ?? []);
  drawVersions();

  function drawVersions() {
    replace(versionsBody, state.versions.map((v) => h('tr', { 'data-version': v.version },
      h('td', { class: 'num' }, link(`/models/${seg(name)}/versions/${seg(v.version)}`, `v${v.version}`)),
      h('td', {}, v.current_stage ?? 'None'),
      h('td', {}, (v.aliases ?? []).map((a) => h('span', { class: 'pill alias' }, '@' + a))),
      h('td', {}, v.status ?? ''),
      h('td', {}, gate(v)),
      h('td', {}, v.run_id ? link(`/runs/${seg(v.run_id)}`, v.run_id.slice(0, 8)) : ''),
      h('td', {}, formatTime(v.creation_timestamp)),
      h('td', {}, v.description ?? ''))));
    // Not the hidden attribute: app.css gives every button display: inline-block, which would show it anyway.
    replace(moreSlot, state.token ? more : null);
    const n = state.versions.length;
    root.querySelector('#version-count').textContent = `${n}${state.token ? '+' : ''} version${n === 1 ? '' : 's'}`;
  }

  async function loadMore() {
    try {
      const page = await searchVersions(ctx, name, state.token);
      state.versions.push(...(page.model_versions ?? []));
      state.token = page.next_page_token ?? null;
      drawVersions();
    } catch (error) {
      ctx.showError(error);
    }
  }

  function drawAliases(aliases) {
    replace(aliasList, aliases.length === 0 ? h('li', { class: 'muted' }, 'No aliases.') : aliases.map((a) => h('li', { 'data-alias': a.alias },
      h('span', { class: 'pill alias' }, '@' + a.alias), ' → ', link(`/models/${seg(name)}/versions/${seg(a.version)}`, `version ${a.version}`), ' ',
      ctx.caller.can('maintainer') ? h('button', { type: 'button', class: 'alias-delete', 'aria-label': `Delete alias ${a.alias}`, onClick: () => removeAlias(a.alias) }, 'Delete') : null)));
  }

  function aliasForm() {
    const aliasInput = h('input', { type: 'text', id: 'alias-name', name: 'alias', required: true, list: 'alias-names', autocomplete: 'off', spellcheck: 'false' });
    const names = h('datalist', { id: 'alias-names' }, (model.aliases ?? []).map((a) => h('option', { value: a.alias })));
    const versionSelect = h('select', { id: 'alias-version', name: 'version' }, state.versions.map((v) => h('option', { value: v.version }, `version ${v.version}`)));
    return h('form', { class: 'actions', id: 'alias-form', onSubmit: async (e) => {
      e.preventDefault();
      const alias = aliasInput.value.trim();
      const version = versionSelect.value;
      try {
        await ctx.api.post(`${paths.mlflow}/registered-models/alias`, { name, alias, version });
        await refreshAliases(`@${alias} now points at version ${version}.`);
      } catch (error) {
        say(error.message, true);
      }
    } },
      h('label', { for: 'alias-name' }, 'Alias', aliasInput), names,
      h('label', { for: 'alias-version' }, 'Version', versionSelect),
      h('button', { type: 'submit', class: 'primary' }, 'Move alias'));
  }

  async function removeAlias(alias) {
    try {
      await ctx.api.delete(`${paths.mlflow}/registered-models/alias`, { name, alias });
      await refreshAliases(`@${alias} deleted.`);
    } catch (error) {
      say(error.message, true);
    }
  }

  async function refreshAliases(text) {
    const [{ registered_model: fresh }, page] = await Promise.all([
      ctx.api.get(`${paths.mlflow}/registered-models/get`, { name }),
      searchVersions(ctx, name, null),
    ]);
    state.versions = page.model_versions ?? [];
    state.token = page.next_page_token ?? null;
    drawAliases(fresh.aliases ?? []);
    drawVersions();
    say(text, false);
  }

  function say(text, bad) {
    message.textContent = text;
    message.className = `message ${bad ? 'status-bad' : 'status-ok'}`;
  }
}

function searchVersions(ctx, name, token) {
  return ctx.api.post(`${paths.mlflow}/model-versions/search`, {
    filter: `name = '${name.replace(/'/g, "''")}'`,
    max_results: pageSize,
    order_by: ['version_number DESC'],
    page_token: token ?? undefined,
  });
}

export function tags(list) {
  const shown = (list ?? []).filter((t) => !t.key.startsWith('mlflow.'));
  if (!shown.length) return h('span', { class: 'muted' }, 'none');
  return h('span', {}, shown.map((t) => h('span', { class: 'pill', title: `${t.key} = ${t.value}` }, `${t.key}=${t.value}`)));
}

export function gate(version) {
  const value = (version.tags ?? []).find((t) => t.key === 'crucible.evaluation.gate')?.value;
  if (!value) return h('span', { class: 'muted' }, '—');
  return h('span', { class: `pill ${value === 'passed' ? 'ok' : 'bad'}` }, value);
}
