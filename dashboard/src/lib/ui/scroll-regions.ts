/**
 * A table too wide for the screen scrolls sideways inside its `.table-wrap`; a keyboard user must
 * be able to reach and scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable). Rather than
 * every table remembering it, the shell watches the page once: a wrap that overflows becomes a
 * focusable, named region, and stops being one when it fits again.
 */
const selector = '.table-wrap';

const update = (wrap: HTMLElement, label: string): void => {
  const overflows = wrap.scrollWidth > wrap.clientWidth + 1;
  if (overflows && !wrap.hasAttribute('tabindex')) {
    wrap.setAttribute('tabindex', '0');
    wrap.setAttribute('role', 'region');
    if (!wrap.hasAttribute('aria-label')) wrap.setAttribute('aria-label', wrap.querySelector('caption')?.textContent?.trim() || label);
    wrap.dataset.scrollRegion = 'auto';
  } else if (!overflows && wrap.dataset.scrollRegion === 'auto') {
    wrap.removeAttribute('tabindex');
    wrap.removeAttribute('role');
    wrap.removeAttribute('aria-label');
    delete wrap.dataset.scrollRegion;
  }
};

/** Starts watching `root`; `label` names a region whose table has no caption (in the user's language). */
export const keepScrollRegionsFocusable = (root: HTMLElement, label: () => string): (() => void) => {
  let queued = false;
  // A table can grow wider after it is inserted (data, fonts, a narrower screen) without any
  // change to the DOM: each wrap and its table are watched for size changes too.
  const watched = new WeakSet<Element>();
  const sizes = new ResizeObserver(() => schedule());
  const watch = (element: Element | null): void => {
    if (!element || watched.has(element)) return;
    watched.add(element);
    sizes.observe(element);
  };
  const sweep = (): void => {
    queued = false;
    for (const wrap of root.querySelectorAll<HTMLElement>(selector)) {
      watch(wrap);
      watch(wrap.firstElementChild);
      update(wrap, label());
    }
  };
  const schedule = (): void => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(sweep);
  };
  const mutations = new MutationObserver(schedule);
  mutations.observe(root, { childList: true, subtree: true });
  window.addEventListener('resize', schedule);
  schedule();
  return () => {
    mutations.disconnect();
    sizes.disconnect();
    window.removeEventListener('resize', schedule);
  };
};
