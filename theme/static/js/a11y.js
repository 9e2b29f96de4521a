/* a11y.js: text size and high contrast, remembered in localStorage.
   Runs in <head>: applies the saved choice to <html> at once (no flash), then wires the controls. */
(() => {
  'use strict';
  const root = document.documentElement;
  const SIZE_KEY = 'prsite.textSize';
  const CONTRAST_KEY = 'prsite.contrast';
  const SIZES = ['small', 'normal', 'large'];
  const load = (key) => { try { return localStorage.getItem(key); } catch (e) { return null; } };
  const save = (key, value) => { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } };

  let size = SIZES.includes(load(SIZE_KEY)) ? load(SIZE_KEY) : 'normal';
  let high = load(CONTRAST_KEY) === 'high';
  const apply = () => {
    root.setAttribute('data-text-size', size);
    root.classList.toggle('high-contrast', high);
  };
  apply();

  const wire = () => {
    const sizeButtons = document.querySelectorAll('button[data-text-size]');
    const contrastButtons = document.querySelectorAll('button[data-contrast]');
    const sync = () => {
      apply();
      sizeButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.textSize === size)));
      contrastButtons.forEach((b) => b.setAttribute('aria-pressed', String(high)));
    };
    sizeButtons.forEach((b) => b.addEventListener('click', () => {
      if (!SIZES.includes(b.dataset.textSize)) return;
      size = b.dataset.textSize;
      save(SIZE_KEY, size);
      sync();
    }));
    contrastButtons.forEach((b) => b.addEventListener('click', () => {
      high = !high;
      save(CONTRAST_KEY, high ? 'high' : 'normal');
      sync();
    }));
    sync();
    document.querySelectorAll('[data-a11y-controls]').forEach((el) => { el.hidden = false; });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})();
