/* search.js: the search page. Reads ?q=, asks the Pagefind bundle the build wrote (same site,
   no third party; its shards merged, see plugins/search/indexer.py), and shows each result's
   title, BE date, section and excerpt with the hit marked, the section and year filters, and
   the count in the page's live region.
   Until it has loaded the bundle, the page shows its no-JavaScript message and links. */
(() => {
  'use strict';
  const root = document.querySelector('[data-search]');
  if (!root) return;
  const part = (name) => root.querySelector(`[data-search-${name}]`);
  const status = part('status');
  const list = part('results');
  const more = part('more');
  const sections = part('sections');
  const year = part('year');
  const PAGE_SIZE = 10;
  const query = (new URLSearchParams(location.search).get('q') || '').trim();
  const digits = (n) => (root.dataset.digits === 'thai' ? String(n).replace(/\d/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[d]) : String(n));
  let pagefind = null;
  let results = [];
  let shown = 0;

  root.querySelector('input[name="q"]').value = query;

  const element = (tag, className, text) => {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  };

  // Pagefind's excerpt is escaped text with <mark> around the hits: rebuild exactly that.
  const excerpt = (html) => {
    const template = document.createElement('template');
    template.innerHTML = html;
    const paragraph = element('p', 'search__excerpt');
    template.content.childNodes.forEach((node) => {
      const text = node.textContent.replace(/\u200b/g, ''); // the word breaks the index was built with
      paragraph.append(node.nodeName === 'MARK' ? element('mark', '', text) : text);
    });
    return paragraph;
  };

  const result = (data) => {
    const item = element('li', 'search__result');
    const heading = element('h2', 'search__title');
    const link = element('a', '', (data.meta.title || data.url).replace(/\u200b/g, ''));
    link.href = data.url;
    heading.append(link);
    const meta = element('p', 'search__meta');
    if (data.meta.date) meta.append(element('span', 'search__date', data.meta.date));
    if (data.meta.section) meta.append(element('span', 'search__section', data.meta.section));
    item.append(heading);
    if (meta.childNodes.length) item.append(meta);
    item.append(excerpt(data.excerpt));
    return item;
  };

  const showMore = async () => {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const items = (await Promise.all(batch.map((found) => found.data()))).map(result);
    shown += batch.length;
    list.append(...items);
    more.hidden = shown >= results.length;
    return items[0];
  };

  const chosenFilters = () => {
    const filters = {};
    const checked = [...sections.querySelectorAll('input:checked')].map((box) => box.value);
    if (checked.length) filters.section = { any: checked };
    if (year.value) filters.year = year.value;
    return filters;
  };

  // Which pages match. Pagefind cuts the query into words with the browser's Intl.Segmenter
  // (ICU), as the build cut the pages (plugins/search/indexer.py), and returns the pages that
  // have every word, or a word beginning with it. Three things are then put right for Thai:
  // * a word Pagefind does not have falls back to the longest word it has that begins it
  //   (ไดโนเสาร์ would find ได้): such a word finds nothing;
  // * Pagefind also indexes each word without its tone marks, so even with exactDiacritics
  //   เสือ (tiger) would find เสื้อ (shirt): the places of the tone-marked forms are removed;
  // * the words of each part of the query (as the visitor spaced it) must stand in order.
  const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
  const TONE_MARKS = ['\u0e48', '\u0e49', '\u0e4a', '\u0e4b'];
  const CONSONANT = /[\u0e01-\u0e2e]/;
  const ABOVE_BELOW = /[\u0e31\u0e34-\u0e3a\u0e47]/; // vowel signs written before a tone mark
  const bare = (text) => text.normalize('NFD').replace(/[\p{M}\p{P}\s\u200b]/gu, '');

  const words = (text) => [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
  const phrases = () => query.split(/\s+/).map(words).filter((part) => part.length);

  // Real words spelt like this one with one tone mark more (เสือ: เสื่อ, เสื้อ, ...). A tone
  // mark sits on a syllable's first consonant, after its vowel sign, never at a word's end.
  const toned = (word) => {
    const chars = [...word];
    return chars.flatMap((char, i) => {
      if (!CONSONANT.test(char)) return [];
      let at = i + 1;
      while (at < chars.length && ABOVE_BELOW.test(chars[at])) at += 1;
      if (at === chars.length || TONE_MARKS.includes(chars[at])) return [];
      return TONE_MARKS.map((mark) => [...chars.slice(0, at), mark, ...chars.slice(at)].join(''));
    }).filter((form) => words(form).join() === form); // the others Pagefind would cut up
  };

  // The first hit of a search as Pagefind marks it in the top result's excerpt.
  const firstHit = async (found) => {
    const marked = /<mark>(.*?)<\/mark>/s.exec((await found[0].data()).excerpt);
    return marked ? marked[1].replace(/[\s\u200b]/g, '') : '';
  };

  // Word positions by page id of the pages that have ``term`` itself, not a fallback: ``same``
  // compares a shard's first hit with it. Each shard falls back on its own (one may have the
  // word, another only a word that begins it), so each is judged by its own first hit.
  const places = async (term, search, same) => {
    const where = new Map();
    for (const [shard, count] of Object.entries((await search(term)).filters.shard || {})) {
      const found = count ? (await search(term, shard)).results : [];
      if (found.length && same(await firstHit(found))) found.forEach((page) => where.set(page.id, new Set(page.words)));
    }
    return where;
  };

  // Where each page has the word as typed: word positions by page id.
  const positions = async (word, search) => {
    const where = await places(word, search, (hit) => bare(hit).startsWith(bare(word)));
    for (const form of where.size ? toned(word) : []) {
      const other = await places(form, search, (hit) => hit.startsWith(form));
      for (const [id, taken] of other) taken.forEach((place) => where.get(id)?.delete(place));
    }
    return where;
  };

  const inOrder = (id, part, where) => [...(where.get(part[0]).get(id) || [])]
    .some((first) => part.every((word, i) => where.get(word).get(id)?.has(first + i)));

  const run = async () => {
    status.textContent = 'กำลังค้นหา…';
    const filters = chosenFilters();
    const searched = new Map(); // a one-word query is also that word's search
    const search = (term, shard) => {
      const key = JSON.stringify([term, shard]);
      if (!searched.has(key)) {
        searched.set(key, pagefind.search(term, { filters: shard ? { ...filters, shard } : filters }));
      }
      return searched.get(key);
    };
    const parts = phrases();
    const ranked = await search(parts.flat().join(' '));
    const where = new Map();
    for (const word of new Set(parts.flat())) where.set(word, await positions(word, search));
    results = ranked.results.filter((page) => parts.every((part) => inOrder(page.id, part, where)));
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    if (!results.length) {
      status.textContent = `ไม่พบผลการค้นหาสำหรับ “${query}” ลองใช้คำอื่น คำที่สั้นลง หรือเลือกหมวดและปีทั้งหมด`;
      return;
    }
    await showMore();
    status.textContent = `พบ ${digits(results.length)} รายการสำหรับ “${query}”`;
  };

  // One Pagefind call at a time (searches that overlap get each other's word positions); of the
  // searches asked for meanwhile, only the newest runs.
  const UNAVAILABLE = 'ระบบค้นหาไม่พร้อมใช้งานในขณะนี้ ลองหาจากหน้าต่อไปนี้แทน';
  let queue = Promise.resolve();
  let newest = 0;
  const enqueue = (task) => (queue = queue.then(task).catch(() => {
    status.textContent = UNAVAILABLE; // e.g. the connection dropped while part of the index loaded
    part('fallback').hidden = false;
  }));
  const schedule = () => {
    const ticket = ++newest;
    return enqueue(() => (ticket === newest ? run() : null));
  };

  const addFilters = async () => {
    const available = await pagefind.filters();
    const names = Object.keys(available.section || {}).sort((a, b) => a.localeCompare(b, 'th'));
    sections.replaceChildren(...names.map((name) => {
      const box = element('input');
      box.type = 'checkbox';
      box.value = name;
      const label = element('label');
      label.append(box, name);
      const item = element('li');
      item.append(label);
      return item;
    }));
    Object.keys(available.year || {}).sort().reverse().forEach((value) => {
      const option = element('option', '', value);
      option.value = value;
      year.append(option);
    });
    part('filters').hidden = false;
    root.addEventListener('change', (event) => {
      if (event.target.closest('[data-search-filters]')) schedule();
    });
  };

  more.addEventListener('click', () => enqueue(async () => {
    const first = await showMore();
    if (first) first.querySelector('a').focus(); // keyboard users carry on from the new results
  }));

  const start = async () => {
    try {
      const bundle = new URL(root.dataset.bundle, location.href);
      const listed = await fetch(new URL('pagefind-shards.json', bundle));
      if (!listed.ok) throw new Error(listed.statusText);
      const [first, ...others] = await listed.json(); // the first shard's bundle is the root
      pagefind = await import(bundle.href);
      const options = {
        baseUrl: new URL(root.dataset.site, location.href).pathname, // results link into this site, wherever it lives
        // Thai tone marks and vowel signs are Unicode marks that Pagefind would otherwise
        // ignore, so ฝุ่น (dust) would also find ฝน (rain).
        exactDiacritics: true,
      };
      // Each shard's pages carry a filter with its name: places() asks the shards one by one.
      await pagefind.options({ ...options, mergeFilter: { shard: first } });
      await pagefind.init();
      for (const shard of others) {
        await pagefind.mergeIndex(new URL(`${shard}/`, bundle).pathname, { ...options, mergeFilter: { shard } });
      }
    } catch (error) {
      status.textContent = UNAVAILABLE;
      return;
    }
    part('fallback').hidden = true;
    if (!query) {
      status.textContent = 'พิมพ์คำที่ต้องการค้นหา แล้วกดปุ่มค้นหา';
      return;
    }
    await addFilters();
    await schedule();
  };
  start();
})();
