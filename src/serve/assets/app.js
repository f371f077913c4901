// The assessment workbench page. Plain JavaScript, no framework, nothing fetched but this
// server's own routes. Everything a user (or the answers file) wrote is put into the page with
// textContent or as an input's value, never as markup.
'use strict';
(function () {
  const token = document.querySelector('meta[name="salvaguarda-token"]').content;
  const $ = (id) => document.getElementById(id);
  let S = null; // the state the server sent
  let lang = document.documentElement.lang || 'en';
  let profile = '';
  let cur = -1; // index into S.items
  let W = {}; // the words
  const pending = new Set(); // item ids (or '#details') with a change not yet saved
  let busy = false;
  let stopped = false; // a conflict or a lost server: nothing more is sent
  let selection = null; // the last selection inside the bill: {block, start, end}
  let lit = []; // blocks with highlights

  // Builds an element; string children become text nodes.
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of kids.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  const fill = (t, v) => t.replace(/\{(\w+)\}/g, (m, k) => (k in v ? String(v[k]) : m));
  const q = () => `lang=${encodeURIComponent(lang)}&profile=${encodeURIComponent(profile)}`;

  async function load() {
    let r;
    try {
      r = await fetch(`/api/state?${q()}`, { headers: { 'X-Salvaguarda-Token': token } });
    } catch (e) {
      return offline();
    }
    if (!r.ok) return banner(await r.text(), false);
    const s = await r.json();
    W = s.words;
    document.documentElement.lang = s.lang;
    if (s.invalid) {
      S = null;
      banner(W.invalid, true, s.invalid);
      return;
    }
    S = s;
    lang = s.lang;
    profile = s.profile;
    stopped = false;
    pending.clear();
    $('banner').hidden = true;
    chrome();
    renderBill();
    renderNav();
    const want = decodeURIComponent(location.hash.slice(1));
    let i = S.items.findIndex((it) => it.id === want);
    if (i < 0) i = cur >= 0 && cur < S.items.length ? cur : firstOpen(0);
    show(i < 0 ? 0 : i, false);
    live();
  }

  function banner(text, reload, detail) {
    $('banner-text').textContent = text;
    $('banner-detail').hidden = !detail;
    $('banner-detail').textContent = detail || '';
    $('reload').hidden = !reload;
    $('banner').hidden = false;
  }
  function offline() {
    stopped = true;
    banner(W.offline || 'The server does not answer.', true);
    saveState('failed');
  }

  // The sticky header's height, for the panes that stick below it (set through the CSSOM, which
  // the Content-Security-Policy allows).
  function head() {
    document.documentElement.style.setProperty('--head', `${$('top').offsetHeight}px`);
  }
  window.addEventListener('resize', head);

  // Static words, selects and downloads.
  function chrome() {
    $('title').textContent = `${W.title} · ${S.checklist.title}`;
    $('file').textContent = S.file;
    $('l-lang').textContent = W.lang;
    $('l-standard').textContent = W.standard;
    $('l-downloads').textContent = W.downloads;
    $('l-questions').textContent = W.questions;
    $('l-bill').textContent = W.bill;
    $('l-result').textContent = W.result;
    $('reload').textContent = W.reload;
    $('keys').textContent = W.keys;
    head();
    const names = { en: 'English', es: 'Español', pt: 'Português' };
    $('lang').replaceChildren(...S.langs.map((l) => el('option', { value: l, selected: l === lang }, names[l] || l)));
    $('profile').replaceChildren(...S.profiles.map((p) => el('option', { value: p.id, selected: p.id === profile }, p.title)));
    const dl = [['report.html', W.dl_html], ['brief.html', W.dl_brief], ['report.csv', W.dl_csv], ['report.json', W.dl_json]];
    $('dl-list').replaceChildren(...dl.map(([f, label]) => el('li', {}, el('a', { href: `/download/${f}?${q()}`, download: '' }, label))));
  }

  function applies(it) {
    return S.applies[it.id] !== false;
  }
  function answerOf(id) {
    return S.answers[id];
  }
  function isAnswered(id) {
    const a = answerOf(id);
    return !!a && a.answer !== 'unknown';
  }
  function firstOpen(from) {
    for (let k = 0; k < S.items.length; k++) {
      const i = (from + k) % S.items.length;
      if (applies(S.items[i]) && !isAnswered(S.items[i].id)) return i;
    }
    return -1;
  }
  function step(dir) {
    for (let i = cur + dir; i >= 0 && i < S.items.length; i += dir) {
      if (applies(S.items[i])) return show(i, true);
    }
  }

  function renderNav() {
    const box = $('area-list');
    const parts = [details()];
    for (const a of S.areas) {
      const items = S.items.map((it, i) => [it, i]).filter(([it]) => it.area === a.id);
      parts.push(el('h3', {}, a.title));
      parts.push(el('ol', {}, items.map(([it, i]) =>
        el('li', {}, el('button', { type: 'button', class: 'qbtn', id: `nav-${i}`, 'data-id': it.id, onclick: () => show(i, true) },
          el('span', { class: 'mark', 'aria-hidden': 'true' }), it.question)))));
    }
    box.replaceChildren(...parts);
    marks();
  }

  // The bill's details (jurisdiction, instrument...), saved like an answer.
  function details() {
    const keys = ['jurisdiction', 'instrument', 'version', 'assessor', 'date'];
    const inputs = keys.map((k) => {
      const i = el('input', { id: `d-${k}`, name: k, autocomplete: 'off' });
      i.value = (S.assessment && S.assessment[k]) || '';
      i.addEventListener('change', () => {
        S.assessment[k] = i.value;
        queue('#details');
      });
      return el('label', { class: 'field' }, el('span', {}, W[k]), i);
    });
    return el('details', { id: 'details' }, el('summary', {}, W.details), inputs);
  }

  function marks() {
    S.items.forEach((it, i) => {
      const b = $(`nav-${i}`);
      if (!b) return;
      const on = applies(it);
      const a = answerOf(it.id);
      b.classList.toggle('skipped', !on);
      b.classList.toggle('current', i === cur);
      b.setAttribute('aria-current', i === cur ? 'step' : 'false');
      b.title = on ? '' : W.skipped;
      const m = b.querySelector('.mark');
      m.textContent = !on ? '–' : !a ? '○' : a.answer === 'unknown' ? '?' : '●';
      m.className = `mark a-${a ? a.answer : 'none'}`;
    });
    const p = S.progress;
    $('p-answered').textContent = fill(W.answered, { n: p.answered, total: p.total });
    $('p-evidence').textContent = S.bill ? fill(W.verified, { n: p.evidence }) : '';
    $('p-coverage').textContent = fill(W.coverage, { n: p.coverage });
    $('p-bar').value = p.total ? p.answered / p.total : 0;
  }

  // One question.
  function show(i, focus) {
    if (!S || i < 0 || i >= S.items.length) return;
    cur = i;
    const it = S.items[i];
    if (location.hash !== `#${it.id}`) history.replaceState(null, '', `#${it.id}`);
    const a = answerOf(it.id) || { answer: '', note: '', evidence: [] };
    const area = S.areas.find((x) => x.id === it.area);
    const radios = it.allowed.map((v, k) => {
      const g = it.guidance.find((x) => x.label === v.label);
      return el('label', { class: `choice a-${v.value}` },
        el('input', { type: 'radio', name: 'answer', value: v.value, checked: a.answer === v.value,
          onchange: () => setAnswer(it.id, { answer: v.value }) }),
        el('span', { class: 'key', 'aria-hidden': 'true' }, String(k + 1)),
        el('strong', {}, v.label), g ? el('span', { class: 'guide' }, g.text) : null);
    });
    const note = el('textarea', { id: 'note', rows: 3 });
    note.value = a.note || '';
    let timer = 0;
    note.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => setAnswer(it.id, { note: note.value }), 700);
    });
    note.addEventListener('change', () => {
      clearTimeout(timer);
      setAnswer(it.id, { note: note.value });
    });
    $('question').replaceChildren(...[
      el('p', { class: 'crumb' }, area ? area.title : '', ` · ${i + 1}/${S.items.length}`),
      el('h2', { id: 'q-text', tabindex: '-1' }, it.question),
      el('p', { class: 'flags' }, it.flags.join(' · ')),
      applies(it) ? null : el('p', { class: 'skipnote' }, W.skipped),
      el('fieldset', { class: 'answers' }, el('legend', {}, W.answer), radios),
      el('label', { class: 'field', for: 'note' }, el('span', {}, W.note)), note,
      el('h3', {}, W.evidence),
      el('ul', { id: 'evidence' }),
      el('div', { class: 'row' },
        el('button', { type: 'button', id: 'attach', onclick: attach, disabled: !S.bill }, W.attach),
        el('button', { type: 'button', id: 'add-evidence', onclick: () => addEvidence({ article: '', quote: '' }) }, W.add)),
      el('p', { id: 'attach-msg', class: 'muted', role: 'status' }, S.bill ? W.attach_hint : W.no_bill),
      it.rationale ? el('details', {}, el('summary', {}, W.why), el('p', {}, it.rationale)) : null,
      it.remediation ? el('details', {}, el('summary', {}, W.amend), el('p', {}, it.remediation)) : null,
      el('details', {}, el('summary', {}, W.sources), el('ul', {}, it.cites.map((c) => el('li', {}, c)))),
      el('div', { class: 'row nav' },
        el('button', { type: 'button', id: 'prev', onclick: () => step(-1) }, `← ${W.previous}`),
        el('button', { type: 'button', id: 'next-open', onclick: nextOpen }, W.next_unanswered),
        el('button', { type: 'button', id: 'next', onclick: () => step(1) }, `${W.next} →`))].filter(Boolean));
    renderEvidence();
    marks();
    suggestions(it);
    const b = $(`nav-${i}`);
    const nav = $('areas');
    if (b && (b.offsetTop < nav.scrollTop || b.offsetTop > nav.scrollTop + nav.clientHeight - 40)) {
      nav.scrollTop = b.offsetTop - nav.clientHeight / 3;
    }
    if (focus) $('q-text').focus();
  }

  function nextOpen() {
    const i = firstOpen(cur + 1);
    if (i >= 0) show(i, true);
  }

  function renderEvidence() {
    const it = S.items[cur];
    const a = answerOf(it.id);
    const list = $('evidence');
    if (!list) return;
    const ev = (a && a.evidence) || [];
    list.replaceChildren(...ev.map((e, k) => {
      const art = el('input', { class: 'ev-article', 'aria-label': W.article, placeholder: W.article });
      art.value = e.article || '';
      const quote = el('textarea', { class: 'ev-quote', rows: 2, 'aria-label': W.quote, placeholder: W.quote });
      quote.value = e.quote || '';
      const edit = () => {
        const now = answerOf(it.id).evidence;
        now[k] = { article: art.value, quote: quote.value, check: 'pending' };
        setAnswer(it.id, { evidence: now });
      };
      art.addEventListener('change', edit);
      quote.addEventListener('change', edit);
      const check = e.check || 'none';
      return el('li', { class: `ev c-${check}` }, art, quote,
        el('span', { class: 'check' }, W[`check_${check.replace(/-/g, '_')}`] || ''),
        el('button', { type: 'button', class: 'remove', onclick: () => {
          const now = answerOf(it.id).evidence.filter((_, j) => j !== k);
          setAnswer(it.id, { evidence: now });
          renderEvidence();
        } }, W.remove));
    }));
  }

  function addEvidence(e) {
    const it = S.items[cur];
    const a = answerOf(it.id);
    const ev = ((a && a.evidence) || []).concat([{ article: e.article, quote: e.quote, check: 'pending' }]);
    setAnswer(it.id, { evidence: ev });
    renderEvidence();
  }

  // Changes the local answer and queues its save.
  function setAnswer(id, change) {
    const a = S.answers[id] || { answer: 'unknown', note: '', evidence: [] };
    S.answers[id] = Object.assign({}, a, change);
    queue(id);
    marks();
  }

  function queue(id) {
    pending.add(id);
    pump();
  }

  function saveState(s, msg) {
    const e = $('save-state');
    e.className = s;
    e.textContent = (W[s] || '') + (msg ? `: ${msg}` : '');
    head();
  }

  async function pump() {
    if (busy || stopped || !pending.size) return;
    const id = pending.values().next().value;
    pending.delete(id);
    busy = true;
    saveState('saving');
    const body = { version: S.version };
    if (id === '#details') {
      const d = S.assessment;
      body.assessment = { jurisdiction: d.jurisdiction || '', instrument: d.instrument || '',
        version: d.version || '', assessor: d.assessor || '', date: d.date || '' };
    } else {
      const a = S.answers[id];
      body.id = id;
      body.answer = { answer: a.answer, note: a.note || '',
        evidence: (a.evidence || []).map((e) => ({ article: e.article || '', quote: e.quote || '' })) };
    }
    let r;
    try {
      r = await fetch(`/api/save?${q()}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Salvaguarda-Token': token },
        body: JSON.stringify(body),
      });
    } catch (e) {
      busy = false;
      pending.add(id);
      return offline();
    }
    busy = false;
    if (r.status === 409) {
      stopped = true;
      pending.add(id);
      saveState('save_failed');
      banner(W.conflict, true);
      return;
    }
    const res = await r.json().catch(() => ({ error: r.statusText }));
    if (!r.ok) {
      saveState('save_failed', res.error || res.message || r.status);
    } else {
      apply(res);
      saveState(pending.size ? 'saving' : 'saved');
    }
    pump();
  }

  // Takes what the server answered after a save: the answers with their checks, progress and
  // the result. Answers changed meanwhile in this page keep their local form.
  function apply(res) {
    S.version = res.version;
    for (const [id, a] of Object.entries(res.answers)) {
      if (!pending.has(id)) S.answers[id] = a;
    }
    S.applies = res.applies;
    S.status = res.status;
    S.progress = res.progress;
    S.result = res.result;
    if (!pending.has('#details')) S.assessment = res.assessment;
    const active = document.activeElement;
    const inEvidence = active && active.closest && active.closest('#evidence');
    if (!inEvidence) renderEvidence();
    marks();
    live();
  }

  // ---- the bill ----
  function renderBill() {
    const box = $('bill-text');
    if (!S.bill) {
      box.replaceChildren(el('p', { class: 'muted' }, W.no_bill));
      return;
    }
    let file = -1;
    const parts = [];
    S.bill.blocks.forEach((b, i) => {
      if (b.file !== file && S.bill.files.length > 1) parts.push(el('h3', { class: 'bill-file' }, S.bill.files[b.file]));
      file = b.file;
      parts.push(el('div', { class: 'blk', id: `b${i}`, 'data-i': i }, b.text));
    });
    box.replaceChildren(...parts);
    lit = [];
  }

  // Highlights the passages suggested for an item and lists them with links.
  function suggestions(it) {
    for (const i of lit) {
      const e = $(`b${i}`);
      if (e) e.replaceChildren(S.bill.blocks[i].text);
    }
    lit = [];
    const box = $('suggestions');
    if (!S.bill) {
      box.replaceChildren();
      return;
    }
    const list = S.suggestions[it.id] || [];
    const byBlock = new Map();
    list.forEach((a, ai) => a.passages.forEach((p, pi) => {
      if (!byBlock.has(p.block)) byBlock.set(p.block, []);
      byBlock.get(p.block).push({ start: p.start, end: p.end, id: `s${ai}-${pi}` });
    }));
    for (const [bi, ranges] of byBlock) {
      const text = S.bill.blocks[bi].text;
      ranges.sort((x, y) => x.start - y.start);
      const kids = [];
      let at = 0;
      for (const r of ranges) {
        if (r.start < at) continue;
        kids.push(text.slice(at, r.start));
        kids.push(el('mark', { id: r.id, class: 'sugg', tabindex: '-1' }, text.slice(r.start, r.end)));
        at = r.end;
      }
      kids.push(text.slice(at));
      $(`b${bi}`).replaceChildren(...kids);
      lit.push(bi);
    }
    box.replaceChildren(el('h3', {}, W.suggested),
      list.length ? el('ol', {}, list.map((a, ai) => el('li', {},
        el('strong', {}, a.label), ' ',
        a.passages.map((p, pi) => el('p', { class: 'passage' }, passage(p), ' ',
          el('button', { type: 'button', class: 'go', onclick: () => jump(`s${ai}-${pi}`) }, `${W.go} ${a.label}`))))))
        : el('p', { class: 'muted' }, W.no_suggestions));
  }

  function passage(p) {
    const out = [];
    let at = 0;
    for (const m of p.marks) {
      if (m.start < at) continue;
      out.push(p.text.slice(at, m.start));
      out.push(el('b', { class: `m-${m.kind}` }, p.text.slice(m.start, m.end)));
      at = m.end;
    }
    out.push(p.text.slice(at));
    return el('span', {}, out);
  }

  function jump(id) {
    const m = $(id);
    if (!m) return;
    m.scrollIntoView({ block: 'center' });
    m.focus({ preventScroll: true });
  }

  // The offset of (node, offset) in a block's text, in UTF-16 units: the length of the text
  // from the block's start to that point.
  function offsetIn(block, node, offset) {
    const r = document.createRange();
    r.setStart(block, 0);
    r.setEnd(node, offset);
    return r.toString().length;
  }

  document.addEventListener('selectionchange', () => {
    const sel = window.getSelection();
    if (!S || !S.bill || !sel.rangeCount || sel.isCollapsed) return;
    const r = sel.getRangeAt(0);
    const startEl = r.startContainer.nodeType === Node.TEXT_NODE ? r.startContainer.parentElement : r.startContainer;
    const block = startEl && startEl.closest ? startEl.closest('.blk') : null;
    if (!block) return;
    const i = Number(block.dataset.i);
    const text = S.bill.blocks[i].text;
    const start = offsetIn(block, r.startContainer, r.startOffset);
    const end = block.contains(r.endContainer) ? offsetIn(block, r.endContainer, r.endOffset) : text.length;
    selection = { block: i, start, end };
  });

  function attach() {
    const msg = $('attach-msg');
    if (!S.bill) return;
    if (!selection) {
      msg.textContent = W.no_selection;
      return;
    }
    const b = S.bill.blocks[selection.block];
    let { start, end } = selection;
    const text = b.text;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (end <= start) {
      msg.textContent = W.no_selection;
      return;
    }
    addEvidence({ article: b.article, quote: text.slice(start, end) });
    selection = null;
    window.getSelection().removeAllRanges();
    msg.textContent = W.attach_hint;
  }

  // ---- the result ----
  function live() {
    const r = S.result;
    const v = r.verdict;
    const chip = $('verdict-chip');
    chip.className = `tone-${v.tone}`;
    chip.textContent = `${v.short} · ${r.range.full}`;
    const rows = (list, cols) => el('table', {}, el('tbody', {}, list.map((x) => el('tr', { class: x.current ? 'current' : null }, cols.map((c) => el('td', {}, c(x)))))));
    const pw = r.powers;
    const matrix = pw.rows.length ? el('table', { class: 'matrix' },
      el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', {}, W.score), pw.facets.map((f) => el('th', {}, f.label)))),
      el('tbody', {}, pw.rows.map((row) => el('tr', {},
        el('th', { scope: 'row' }, row.question, el('br'), el('small', {}, [row.met, row.breached, row.unverified].filter(Boolean).join(' · '))),
        el('td', {}, row.range.full),
        row.cells.map((c) => el('td', {}, c.marks.map((m) =>
          el('button', { type: 'button', class: `pm s-${m.status_id}${m.breach ? ' breach' : ''}`, title: `${m.question} — ${m.status}`,
            onclick: () => goto(m.id) }, m.symbol)))))))) : null;
    $('result-body').replaceChildren(...[
      el('div', { class: `verdict tone-${v.tone}` },
        el('p', { class: 'big' }, v.title), el('p', {}, v.description),
        el('p', {}, [v.band, v.breached, v.unverified, v.weakest].filter(Boolean).join(' · ')),
        el('p', {}, `${W.score}: ${r.range.full}`)),
      el('h3', {}, W.areas), rows(r.areas, [(x) => x.title, (x) => x.range.full]),
      el('h3', {}, W.standard), rows(r.profiles, [(x) => x.title, (x) => x.range.full, (x) => x.verdict_short]),
      el('h3', {}, W.powers), matrix, pw.absent.length ? el('p', { class: 'muted' }, pw.absent.join(' · ')) : null,
      el('ul', { class: 'counts' }, r.counts.map((c) => el('li', {}, `${c.n} ${c.label}`)))].filter(Boolean));
  }

  function goto(id) {
    const i = S.items.findIndex((it) => it.id === id);
    if (i >= 0) show(i, true);
  }

  // ---- controls and keys ----
  $('lang').addEventListener('change', (e) => {
    lang = e.target.value;
    load();
  });
  $('profile').addEventListener('change', (e) => {
    profile = e.target.value;
    load();
  });
  $('reload').addEventListener('click', () => load());
  // A link to a question (`#item-id`), or the browser's back and forward.
  window.addEventListener('hashchange', () => {
    if (!S) return;
    const i = S.items.findIndex((it) => `#${it.id}` === location.hash);
    if (i >= 0 && i !== cur) show(i, true);
  });
  document.addEventListener('keydown', (e) => {
    if (!S || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.tagName === 'INPUT' && t.type !== 'radio' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
    const it = S.items[cur];
    if (e.key === 'n') step(1);
    else if (e.key === 'p') step(-1);
    else if (e.key === 'u') nextOpen();
    else if (e.key === 'e') attach();
    else if (e.key === 'r') $('result').focus();
    else if (/^[1-9]$/.test(e.key) && it && it.allowed[Number(e.key) - 1]) {
      const v = it.allowed[Number(e.key) - 1].value;
      const radio = document.querySelector(`input[name="answer"][value="${v}"]`);
      if (radio) radio.checked = true;
      setAnswer(it.id, { answer: v });
    } else return;
    e.preventDefault();
  });
  window.addEventListener('beforeunload', (e) => {
    if (pending.size && !stopped) e.preventDefault();
  });
  load();
})();
