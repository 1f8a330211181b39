// Paging through an MLflow search that answers `next_page_token`: load() replaces the table's rows with the first
// page, loadMore() (the table's onEndReached) appends the next one while there is one. A refusal goes to the page's
// error banner; onPage runs after every page (to update counts).

/**
 * @param {{ table, ctx, root, fetchPage: (token: string|null) => Promise<object>, items: (answer: object) => object[],
 *           onPage?: () => void }} options
 */
export function tokenPager({ table, ctx, root, fetchPage, items, onPage = () => {} }) {
  let token = null;
  let generation = 0;

  async function load() {
    const mine = ++generation;
    root.querySelector(':scope > .banner')?.remove();
    try {
      const answer = await fetchPage(null);
      if (mine !== generation) return;
      token = answer.next_page_token ?? null;
      table.setRows(items(answer) ?? [], token !== null);
      onPage();
    } catch (error) {
      if (error?.name === 'AbortError' || mine !== generation) return;
      table.setRows([], false);
      ctx.showError(error);
    }
  }

  async function loadMore() {
    const mine = generation;
    if (token === null) return;
    try {
      const answer = await fetchPage(token);
      if (mine !== generation) return;
      token = answer.next_page_token ?? null;
      table.appendRows(items(answer) ?? [], token !== null);
      onPage();
    } catch (error) {
      if (error?.name === 'AbortError' || mine !== generation) return;
      table.stopLoading();
      ctx.showError(error);
    }
  }

  return { load, loadMore, get hasMore() { return token !== null; } };
}
