/* NextRound's page frame in the browser: the header, the connection guard and drafts.
 *
 * - Header: the pages of the workbook, where you are, which steps hold entries. What only the
 *   kernel knows comes in the hidden `.nr-frame-data` widget of the page's first cell
 *   (nextround/ui/kit/frame.py), as JSON.
 * - Guard: when the page's kernel dies, is culled or restarted, or the connection drops, a
 *   banner says so in plain words, with one button to reload; the controls that can no longer
 *   reach the journal stop looking usable. Text fields stay open: what is typed is kept.
 * - Drafts: what is typed into a text field is kept in this browser's storage, per journal,
 *   entry and field, until Python confirms the journal holds it (nextround/ui/kit/drafts.py says
 *   which entry and field a text field edits, and a hash of what is saved). After a reload it
 *   is put back in its field and saved — unless the field was saved again elsewhere since it
 *   was typed: then both are shown and the person chooses. Drafts never leave the browser.
 */
(function () {
  'use strict';

  const STORE = 'nextround.draft.v1/';
  const TABS = 'nextround.tab.v1/';
  const TAB_ALIVE_MS = 15000;
  const NR = (window.nextround = window.nextround || {});
  const page = document.body.dataset.nrPage || '';

  // ------------------------------------------------------------------------------ basics
  /* cyrb53 over UTF-16 code units, as base 36: the same as text_hash in drafts.py. */
  function hash(text) {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  }
  /* What the journal keeps of a text: nothing for blank text, else the text as typed. */
  const norm = (value) => (/^\s*$/.test(value) ? '' : value);
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === 'text') node.textContent = value;
      else if (name === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(name, value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }
  function humanSize(size) {
    if (size < 1024) return `${size} byte${size === 1 ? '' : 's'}`;
    let value = size;
    for (const unit of ['KB', 'MB', 'GB']) {
      value /= 1024;
      if (value < 1024 || unit === 'GB') return `${value.toFixed(1)} ${unit}`;
    }
    return `${size}`;
  }

  const storage = (() => {
    try {
      const s = window.localStorage;
      s.setItem('nextround.probe', '1');
      s.removeItem('nextround.probe');
      return s;
    } catch (e) {
      return null; // storage refused (private mode, policy): drafts cannot be kept
    }
  })();
  const TAB = (() => {
    const made = Math.random().toString(36).slice(2, 12);
    try {
      let id = window.sessionStorage.getItem('nextround.tab');
      if (!id) {
        id = made;
        window.sessionStorage.setItem('nextround.tab', id);
      }
      return id; // the same id after a reload of this tab: its drafts stay its own
    } catch (e) {
      return made;
    }
  })();

  let frame = null; // the kernel's data, once its widget is on the page
  let frameText = '';
  const journalId = () => (frame && frame.journal) || null;
  const words = () => (frame && frame.words) || null;

  // --------------------------------------------------------------------------- tabs alive
  function beat(alive) {
    if (!storage) return;
    try {
      storage.setItem(TABS + TAB, String(alive ? Date.now() : 0));
    } catch (e) { /* full: nothing to do */ }
  }
  function tabAlive(id) {
    if (id === TAB) return true;
    const at = Number(storage && storage.getItem(TABS + id));
    return Boolean(at) && Date.now() - at < TAB_ALIVE_MS;
  }
  beat(true);
  setInterval(() => beat(true), 5000);
  window.addEventListener('pagehide', () => beat(false)); // its drafts are anyone's now
  window.addEventListener('pageshow', () => beat(true));

  // ------------------------------------------------------------------------------ drafts
  const draftKey = (journal, key, tab) => `${STORE}${journal}/${key}/${tab}`;
  function readAll(key) {
    /* Every tab's draft of one field of this journal: [{tab, storageKey, draft}]. */
    const journal = journalId();
    const found = [];
    if (!storage || !journal) return found;
    const prefix = `${STORE}${journal}/${key}/`;
    for (let i = 0; i < storage.length; i++) {
      const name = storage.key(i);
      if (name && name.startsWith(prefix)) {
        try {
          found.push({ tab: name.slice(prefix.length), storageKey: name, draft: JSON.parse(storage.getItem(name)) });
        } catch (e) { /* not ours */ }
      }
    }
    return found;
  }
  function writeDraft(key, draft, tab) {
    const journal = journalId();
    if (!storage || !journal) return;
    try {
      storage.setItem(draftKey(journal, key, tab || TAB), JSON.stringify(draft));
    } catch (e) {
      console.warn('NextRound: this browser cannot keep more drafts', e);
    }
  }
  function dropDraft(storageKey) {
    if (storage) storage.removeItem(storageKey);
  }
  function forgetJournal(journal) {
    if (!storage || !journal) return;
    const prefix = `${STORE}${journal}/`;
    const names = [];
    for (let i = 0; i < storage.length; i++) {
      const name = storage.key(i);
      if (name && name.startsWith(prefix)) names.push(name);
    }
    names.forEach((name) => storage.removeItem(name));
  }
  function allDrafts() {
    /* Every draft of this journal: [{key, tab, storageKey, draft}] (for this page's lists). */
    const journal = journalId();
    const out = [];
    if (!storage || !journal) return out;
    const prefix = `${STORE}${journal}/`;
    for (let i = 0; i < storage.length; i++) {
      const name = storage.key(i);
      if (!name || !name.startsWith(prefix)) continue;
      const rest = name.slice(prefix.length);
      const cut = rest.lastIndexOf('/');
      try {
        out.push({ key: rest.slice(0, cut), tab: rest.slice(cut + 1), storageKey: name, draft: JSON.parse(storage.getItem(name)) });
      } catch (e) { /* not ours */ }
    }
    return out;
  }

  const TEXT_FIELDS = '#rendered_cells input[type="text"], #rendered_cells input:not([type]), #rendered_cells textarea';
  function labelOf(input) {
    const host = input.closest('.widget-text, .widget-textarea, .jupyter-widgets') || input.parentElement;
    const label = host && host.querySelector('.widget-label');
    const text = (label && label.textContent.trim()) || input.getAttribute('aria-label') || input.placeholder || '';
    return text;
  }
  function classValue(host, prefix) {
    for (const name of host.classList) if (name.startsWith(prefix)) return name.slice(prefix.length);
    return null;
  }
  /* Which draft slot a text field is: bound (a form's field) or loose (any other text field). */
  function describe(input) {
    const host = input.closest('.nr-draft');
    if (host) {
      const key = classValue(host, 'nr-draft-key-');
      const saved = classValue(host, 'nr-draft-saved-');
      if (key && saved !== null) return { input, host, key, saved, bound: true, label: labelOf(input) };
    }
    const label = labelOf(input);
    const same = looseFields().filter((other) => labelOf(other) === label);
    const index = same.indexOf(input);
    return { input, host: null, key: `u:${encodeURIComponent(page)}:${encodeURIComponent(label)}:${index}`,
             saved: null, bound: false, label, unique: same.length === 1 };
  }
  const looseFields = () => [...document.querySelectorAll(TEXT_FIELDS)].filter((i) => !i.closest('.nr-draft'));
  const usable = (input) => !input.disabled && !input.readOnly;

  const restoring = new WeakSet(); // fields being filled by us, not typed by the person
  const heldText = new WeakSet(); // fields that held text typed or put back on this page
  function onInput(event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement)) return;
    if (!input.matches(TEXT_FIELDS) || restoring.has(input) || !journalId()) return;
    const field = describe(input);
    const mine = readAll(field.key).find((d) => d.tab === TAB);
    if (input.value !== '') heldText.add(input);
    if (!field.bound && input.value === '') {
      if (mine) dropDraft(mine.storageKey);
      return;
    }
    writeDraft(field.key, {
      v: input.value, b: mine ? mine.draft.b : field.saved, t: Date.now(), l: field.label, p: page,
      u: field.bound ? 0 : 1,
    });
  }

  function putInField(input, value) {
    restoring.add(input);
    if (value !== '') heldText.add(input);
    try {
      input.value = value;
      // ipywidgets listens to these: the value reaches the kernel, and the form saves it.
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    } finally {
      restoring.delete(input);
    }
  }

  const panel = { notes: new Map(), items: new Map() }; // what the drafts section shows
  /* A bound field appeared, or the journal told us what it holds now: settle its drafts. */
  function settleBound(field) {
    for (const { tab, storageKey, draft } of readAll(field.key)) {
      if (hash(norm(draft.v)) === field.saved) {
        dropDraft(storageKey); // the journal holds it
        panel.items.delete(storageKey);
        continue;
      }
      if (tab === TAB) {
        const shown = hash(norm(field.input.value));
        if (field.input.value === draft.v) {
          // Typing went on after this tab's last save: the draft now starts from that save.
          if (draft.b !== field.saved && shown !== field.saved) writeDraft(field.key, { ...draft, b: field.saved });
          if (shown !== field.saved) continue;
        }
      } else if (tabAlive(tab)) {
        continue; // another open tab's typing: that tab keeps it
      }
      if (draft.b === field.saved && hash(norm(field.input.value)) === field.saved && !guard.state.tripped) {
        if (!usable(field.input)) continue;
        putInField(field.input, draft.v);
        dropDraft(storageKey);
        writeDraft(field.key, { ...draft, t: Date.now() });
        panel.items.delete(storageKey);
        panel.notes.set(field.key, { label: draft.l, saved: true });
      } else if (draft.b !== field.saved) {
        panel.items.set(storageKey, { kind: 'conflict', key: field.key, tab, draft });
      }
    }
    renderPanel();
  }
  function settleLoose(field) {
    for (const { tab, storageKey, draft } of readAll(field.key)) {
      if (tab !== TAB && tabAlive(tab)) continue;
      if (tab === TAB && field.input.value === draft.v) continue; // still being typed here
      if (field.input.value === '' && field.unique && usable(field.input) && !guard.state.tripped) {
        putInField(field.input, draft.v);
        dropDraft(storageKey);
        writeDraft(field.key, { ...draft, t: Date.now() });
        panel.items.delete(storageKey);
        panel.notes.set(field.key, { label: draft.l, saved: false });
      } else if (field.input.value !== draft.v) {
        panel.items.set(storageKey, { kind: 'elsewhere', key: field.key, tab, draft });
      }
    }
    renderPanel();
  }

  let scanQueued = false;
  function scanSoon() {
    if (scanQueued) return;
    scanQueued = true;
    setTimeout(() => {
      scanQueued = false;
      scan();
    }, 150);
  }
  const looseSeen = new WeakMap(); // loose field → last value the kernel may have put there
  function scan() {
    nameSliders(document);
    if (!journalId() || !pageDone()) return;
    document.querySelectorAll('#rendered_cells .nr-draft').forEach((host) => {
      const input = host.querySelector('input, textarea');
      if (!input) return;
      const field = describe(input);
      if (!field.bound) return;
      const marker = `${field.key}:${field.saved}`;
      if (host.dataset.nrSettled === marker) return;
      host.dataset.nrSettled = marker;
      settleBound(field);
    });
    looseFields().forEach((input) => {
      if (looseSeen.has(input)) return;
      looseSeen.set(input, input.value);
      settleLoose(describe(input));
    });
    listElsewhere();
  }
  /* A loose field emptied by the kernel (its button did the job): its draft has gone in. Only
   * a field that held text on this page counts: one still empty while the page loads has not
   * had its draft put back yet. */
  setInterval(() => {
    if (!journalId() || guard.state.tripped || !pageDone()) return;
    looseFields().forEach((input) => {
      if (input.value !== '' || !heldText.has(input) || document.activeElement === input) return;
      const mine = readAll(describe(input).key).find((d) => d.tab === TAB);
      if (mine && Date.now() - mine.draft.t > 1500) dropDraft(mine.storageKey);
    });
  }, 1000);

  /* Drafts typed on this page whose field is not on it now: listed, never dropped. */
  function listElsewhere() {
    if (!pageSettled) return;
    const present = new Set();
    document.querySelectorAll('#rendered_cells .nr-draft').forEach((host) => {
      const key = classValue(host, 'nr-draft-key-');
      if (key) present.add(key);
    });
    looseFields().forEach((input) => present.add(describe(input).key));
    for (const { key, tab, storageKey, draft } of allDrafts()) {
      if (draft.p !== page || present.has(key) || (tab !== TAB && tabAlive(tab))) {
        if (panel.items.get(storageKey)?.kind === 'elsewhere' && present.has(key)) panel.items.delete(storageKey);
        continue;
      }
      if (!panel.items.has(storageKey)) panel.items.set(storageKey, { kind: 'elsewhere', key, tab, draft });
    }
    renderPanel();
  }

  function fieldFor(key) {
    for (const host of document.querySelectorAll('#rendered_cells .nr-draft')) {
      if (classValue(host, 'nr-draft-key-') === key) return host.querySelector('input, textarea');
    }
    return looseFields().find((input) => describe(input).key === key) || null;
  }
  async function copy(text, button) {
    const w = words();
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = w.drafts.copied;
    } catch (e) {
      const box = button.closest('.nr-draft-item').querySelector('.nr-draft-text');
      const range = document.createRange();
      range.selectNodeContents(box);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range); // the person copies it with their own keys
    }
  }
  let panelShown = '';
  function renderPanel() {
    const section = document.querySelector('.nr-drafts');
    const w = words();
    if (!section || !w) return;
    const shown = JSON.stringify([[...panel.notes], [...panel.items]]);
    if (shown === panelShown) return; // the same list: keep its buttons (and focus) in place
    panelShown = shown;
    const d = w.drafts;
    const children = [];
    const notes = [...panel.notes.values()];
    const listNames = (list) => list.map((n) => `“${n.label}”`).join(', ');
    const saving = notes.filter((n) => n.saved);
    const unsaved = notes.filter((n) => !n.saved);
    if (saving.length) children.push(el('p', { class: 'nr-draft-note', text: fill(d.restored, { fields: listNames(saving) }) }));
    if (unsaved.length) children.push(el('p', { class: 'nr-draft-note', text: fill(d.restored_unsaved, { fields: listNames(unsaved) }) }));
    for (const [storageKey, item] of panel.items) {
      const draft = item.draft;
      const text = el('div', { class: 'nr-draft-text', text: draft.v });
      const actions = el('div', { class: 'nr-draft-actions' });
      const done = () => {
        panel.items.delete(storageKey);
        renderPanel();
      };
      if (item.kind === 'conflict') {
        actions.append(el('button', { type: 'button', class: 'nr-primary', text: d.use_mine, onclick: () => {
          const input = fieldFor(item.key);
          if (!input) return;
          dropDraft(storageKey);
          const host = input.closest('.nr-draft');
          writeDraft(item.key, { ...draft, b: host ? classValue(host, 'nr-draft-saved-') : null, t: Date.now() });
          putInField(input, draft.v);
          input.focus();
          done();
        } }));
        actions.append(el('button', { type: 'button', text: d.keep_saved, onclick: () => { dropDraft(storageKey); done(); } }));
      }
      const copyButton = el('button', { type: 'button', text: d.copy });
      copyButton.addEventListener('click', () => copy(draft.v, copyButton));
      actions.append(copyButton);
      if (item.kind === 'elsewhere') {
        actions.append(el('button', { type: 'button', text: d.discard, onclick: () => { dropDraft(storageKey); done(); } }));
      }
      const sentence = fill(item.kind === 'conflict' ? d.conflict : d.elsewhere, { field: draft.l });
      children.push(el('div', { class: 'nr-draft-item', 'data-nr-kind': item.kind },
        el('p', { text: sentence }), text, actions));
    }
    if (!children.length) {
      section.hidden = true;
      section.replaceChildren();
      return;
    }
    const heading = el('h2', { id: 'nr-drafts-title', text: d.title });
    section.setAttribute('aria-labelledby', 'nr-drafts-title');
    section.replaceChildren(heading, ...children);
    section.hidden = false;
  }

  // ------------------------------------------------------------------------------ header
  function renderHeader() {
    const w = words();
    const brand = document.querySelector('.nr-brand');
    const nav = document.querySelector('.nr-nav');
    const list = document.querySelector('.nr-nav-list');
    const skip = document.querySelector('.nr-skip');
    if (!w || !nav || !list) return;
    brand.textContent = w.product;
    skip.textContent = w.skip_link;
    skip.hidden = false;
    nav.setAttribute('aria-label', w.nav_label);
    const filled = new Set(frame.filled || []);
    list.replaceChildren(...frame.pages.map((p) => {
      const link = el('a', { href: `${p.file}.ipynb`, 'data-nr-page': p.file }, p.label);
      if (p.file === page) link.setAttribute('aria-current', 'page');
      if (filled.has(p.file)) {
        link.append(el('span', { class: 'nr-filled', 'aria-hidden': 'true', text: '✓' }),
          el('span', { class: 'nr-visually-hidden', text: ` (${w.holds_entries})` }));
      }
      return el('li', {}, link);
    }));
    nav.hidden = false;
    const current = frame.pages.find((p) => p.file === page);
    if (current) document.title = fill(w.document_title, { page: current.title });
  }

  function readFrame() {
    const script = document.querySelector('.nr-frame-data script[type="application/json"]');
    if (!script || script.textContent === frameText) return;
    let data;
    try {
      data = JSON.parse(script.textContent);
    } catch (e) {
      return;
    }
    frameText = script.textContent;
    frame = data;
    (data.forget || []).forEach(forgetJournal);
    if (data.forget && data.forget.length) {
      panel.items.clear();
      panel.notes.clear();
    }
    renderHeader();
    renderPanel();
    if (guard.state.tripped) showBanner();
    scanSoon();
  }

  // ------------------------------------------------------------------------------- guard
  const guard = (NR.guard = { state: { tripped: null, back: false }, hooked: false, hookError: null });
  let unloading = false;
  let seenConnected = false;
  window.addEventListener('beforeunload', () => { unloading = true; });
  window.addEventListener('pageshow', () => { unloading = false; });

  function showBanner() {
    const w = words();
    const banner = document.querySelector('.nr-guard');
    if (!w || !banner) return;
    const g = w.guard;
    const kind = guard.state.tripped;
    const title = guard.state.back ? g.back_title : (kind === 'kernel' ? g.kernel_title : g.connection_title);
    const text = guard.state.back ? g.back_text : (kind === 'kernel' ? g.kernel_text : g.connection_text);
    const paragraphs = [el('p', {}, el('strong', { text: title }), ` ${text}`), el('p', { text: g.kept })];
    if (frame.idle_minutes) paragraphs.push(el('p', { text: fill(g.temporary, { minutes: frame.idle_minutes }) }));
    const button = el('button', { type: 'button', class: 'nr-primary nr-reload', text: g.reload,
                                  onclick: () => window.location.reload() });
    banner.replaceChildren(el('div', { class: 'nr-guard-inner' }, el('div', { class: 'nr-guard-words' }, ...paragraphs), button));
    banner.dataset.nrState = guard.state.back ? 'back' : kind;
    banner.hidden = false;
    document.documentElement.style.setProperty('--nr-guard-height', `${banner.offsetHeight}px`);
    document.body.style.paddingBottom = `${banner.offsetHeight + 16}px`;
  }

  const STOPPED = '#rendered_cells button, #rendered_cells select, #rendered_cells input:not([type="text"]):not([type="search"])';
  function stopControls() {
    document.querySelectorAll(STOPPED).forEach((control) => {
      control.disabled = true;
      control.classList.add('nr-stopped');
    });
    document.querySelectorAll('#rendered_cells .noUi-target').forEach((slider) => {
      slider.setAttribute('disabled', 'true');
      slider.classList.add('nr-stopped');
    });
    document.querySelectorAll('#rendered_cells [role="slider"]').forEach((handle) => {
      handle.setAttribute('aria-disabled', 'true');
      handle.setAttribute('tabindex', '-1');
    });
  }

  function trip(kind) {
    if (unloading) return;
    const before = guard.state.tripped;
    if (before === 'kernel' && !guard.state.back) return; // nothing is worse than a lost kernel
    guard.state.tripped = kind === 'kernel' || before === 'kernel' ? 'kernel' : 'connection';
    guard.state.back = false;
    guard.state.at = guard.state.at || Date.now();
    document.body.classList.add('nr-guard-tripped');
    stopControls();
    showBanner();
  }
  function connectionBack() {
    if (guard.state.tripped !== 'connection') return;
    guard.state.back = true;
    showBanner();
  }
  NR.guard.trip = trip;

  /* The one place NextRound reaches into Voila's front end. Voila 0.5 sets
   * `window.jupyterapp` once its app has started; `widgetManagerPromise` resolves to the
   * page's widget manager, whose `kernel` is the page's KernelConnection (@jupyterlab/services),
   * with the `statusChanged` and `connectionStatusChanged` signals. tests/browser/test_frame.py
   * checks that this hook takes, so a Voila that changes it fails a test, not a person. */
  function hookKernel() {
    const app = window.jupyterapp;
    if (!app || !app.widgetManagerPromise || !app.widgetManagerPromise.promise) return false;
    app.widgetManagerPromise.promise.then((manager) => {
      const kernel = manager && manager.kernel;
      if (!kernel || !kernel.statusChanged || !kernel.connectionStatusChanged) {
        guard.hookError = 'the widget manager has no kernel connection with status signals';
        return;
      }
      if (kernel.connectionStatus === 'connected') seenConnected = true;
      kernel.statusChanged.connect((_, status) => {
        if (status === 'restarting' || status === 'autorestarting' || status === 'dead') trip('kernel');
      });
      kernel.connectionStatusChanged.connect((_, status) => {
        if (status === 'connected') {
          seenConnected = true;
          connectionBack();
        } else if (seenConnected) {
          trip('connection');
        }
      });
      guard.kernel = kernel;
      guard.hooked = true;
    });
    return true;
  }
  const hookTimer = setInterval(() => {
    if (hookKernel()) clearInterval(hookTimer);
  }, 200);

  /* A kernel the server shuts down (culled after a while without use) leaves the page's
   * websocket open and silent: ask the server, through Jupyter's REST API, whether the
   * page's kernel still exists. `no_track_activity` keeps the question from counting as use,
   * so idle pages are still culled. */
  const config = (() => {
    try {
      return JSON.parse(document.getElementById('jupyter-config-data').textContent);
    } catch (e) {
      return {};
    }
  })();
  /* Jupyter Server, and JupyterHub's single-user server since 4.1, refuse a script's request
   * made with the page's cookie unless it carries the `_xsrf` cookie back as a header (what
   * @jupyterlab/services' ServerConnection does). */
  function xsrfHeaders() {
    const found = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
    return found ? { 'X-XSRFToken': decodeURIComponent(found[1]) } : {};
  }
  let asking = false;
  async function askServer() {
    if (asking || unloading || guard.state.tripped === 'kernel' || !config.kernelId || !pageDone()) return;
    asking = true;
    try {
      const base = (config.baseUrl || '/').replace(/\/?$/, '/');
      const response = await fetch(`${base}api/kernels/${encodeURIComponent(config.kernelId)}?no_track_activity=1`,
                                   { cache: 'no-store', credentials: 'same-origin', headers: xsrfHeaders() });
      if (response.status === 404) trip('kernel');
      // A hub answers for a single-user server that is gone (502, 503, or 424 "not running").
      else if (response.status === 424 || response.status >= 500) trip('connection');
      else if (response.ok && guard.state.tripped === 'connection') connectionBack();
    } catch (e) {
      if (!unloading) trip('connection'); // the server cannot be reached
    } finally {
      asking = false;
    }
  }
  setInterval(askServer, 3000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) askServer(); });
  window.addEventListener('offline', () => trip('connection'));
  window.addEventListener('online', () => {
    if (guard.kernel && guard.kernel.connectionStatus === 'connected') connectionBack();
  });

  // ---------------------------------------------------------------- widgets made usable
  let labelCount = 0;
  /* ipywidgets' sliders (noUiSlider) give their handle no name (ipywidgets#2650): name it
   * after the slider's own label. */
  function nameSliders(root) {
    root.querySelectorAll('.widget-slider').forEach((slider) => {
      const label = slider.querySelector('.widget-label');
      const handle = slider.querySelector('[role="slider"]');
      if (!label || !handle || handle.hasAttribute('aria-labelledby') || !label.textContent.trim()) return;
      if (!label.id) label.id = `nr-label-${++labelCount}`;
      handle.setAttribute('aria-labelledby', label.id);
    });
  }
  /* A file larger than a backup can be is refused here, before it is sent: the connection
   * would drop under it, and nothing would say why. */
  function refuseLargeFiles(event, input, host) {
    const old = host.parentElement && host.parentElement.querySelector('.nr-upload-refused');
    if (old) old.remove();
    const big = frame && [...(input.files || [])].find((file) => file.size > frame.upload_limit);
    if (!big) return;
    event.stopImmediatePropagation();
    input.value = '';
    host.insertAdjacentElement('afterend', el('p', { class: 'nr-upload-refused', role: 'alert',
      text: fill(words().upload.too_large, { name: big.name, size: humanSize(big.size), limit: frame.upload_limit_text }) }));
  }
  /* ipywidgets' FileUpload button opens an <input type="file"> that it never puts in the page
   * (its click handler calls input.click()), so its files cannot be seen from the document. While
   * such a button is clicked, the frame catches that input as it opens, and listens first to
   * its change (a capturing listener at the target runs before ipywidgets' own).
   * tests/browser/test_frame.py checks that a file too large is refused. */
  const openPicker = HTMLInputElement.prototype.click;
  document.addEventListener('click', (event) => {
    const host = event.target instanceof Element && event.target.closest('#rendered_cells .widget-upload');
    if (!host) return;
    HTMLInputElement.prototype.click = function () {
      HTMLInputElement.prototype.click = openPicker;
      if (this.type === 'file' && !this.dataset.nrGuarded) {
        this.dataset.nrGuarded = '1';
        this.addEventListener('change', (change) => refuseLargeFiles(change, this, host), true);
      }
      return openPicker.call(this);
    };
    setTimeout(() => { HTMLInputElement.prototype.click = openPicker; }, 0);
  }, true);
  document.addEventListener('change', (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.type === 'file' && !input.dataset.nrGuarded) {
      refuseLargeFiles(event, input, input.closest('.widget-upload') || input);
    }
  }, true);

  // ------------------------------------------------------------------------- watching
  let pageSettled = false;
  const pageDone = () => !document.getElementById('loading') && document.getElementById('rendered_cells')?.style.display !== 'none';
  const observer = new MutationObserver((mutations) => {
    let changed = false;
    for (const m of mutations) {
      if (m.type === 'attributes') {
        const target = m.target;
        if (target.classList.contains('jupyter-widgets-disconnected') && seenConnected) trip('connection');
        if (target.classList.contains('nr-draft')) changed = true;
      } else if (m.addedNodes.length || m.removedNodes.length) {
        changed = true;
      }
    }
    if (changed) {
      readFrame();
      scanSoon();
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  document.addEventListener('input', onInput, true);
  const settleTimer = setInterval(() => {
    if (!pageDone()) return;
    clearInterval(settleTimer);
    readFrame();
    scan();
    setTimeout(() => {
      pageSettled = true;
      scan();
    }, 2500);
    setInterval(readFrame, 1000); // the kernel's data may change, or be drawn late
  }, 250);

  NR.drafts = { hash, all: allDrafts, tab: TAB };
})();
