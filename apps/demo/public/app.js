// The demo page: a file browser over the demo's JSON API. Plain DOM, no framework, no build step.

const $ = (id) => document.getElementById(id);

const view = {
  connections: [],
  /** The connection shown, by id. */
  current: '',
  /** The folder shown. */
  path: '/',
  entries: [],
  truncated: false,
  /** The search text while showing search results. */
  search: '',
  sort: { key: 'name', dir: 1 },
};

// ---- API ------------------------------------------------------------------------------------

/** An error the API answered with: its PolydriveError code and message. */
class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

async function api(method, url, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(url, init);
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) throw toApiError(res.status, data);
  return data;
}

function toApiError(status, data) {
  const error = data?.error;
  return new ApiError(
    error?.code ?? 'Internal',
    error?.message ?? `The server answered ${status}.`,
  );
}

const connectionUrl = (id, action, path) =>
  `/api/connections/${encodeURIComponent(id)}/${action}${path === undefined ? '' : `?path=${encodeURIComponent(path)}`}`;

// ---- Paths and formatting -------------------------------------------------------------------

const joinPath = (folder, name) => (folder === '/' ? `/${name}` : `${folder}/${name}`);
const parentOf = (path) => path.slice(0, path.lastIndexOf('/')) || '/';

function hashFor(id, path) {
  return `#/${encodeURIComponent(id)}${path.split('/').map(encodeURIComponent).join('/') || '/'}`;
}

function parseHash() {
  const [id = '', ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const names = rest.filter((name) => name !== '').map(decodeURIComponent);
  return { id: decodeURIComponent(id), path: `/${names.join('/')}` };
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function typeOf(entry) {
  if (entry.kind === 'folder') return 'Folder';
  if (entry.mimeType && entry.mimeType !== 'application/octet-stream') return entry.mimeType;
  const dot = entry.name.lastIndexOf('.');
  return dot > 0 ? `${entry.name.slice(dot + 1).toUpperCase()} file` : 'File';
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key in node && !key.includes('-')) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child !== undefined && child !== null));
  return node;
}

// ---- Banners --------------------------------------------------------------------------------

const bannerTimers = new Map();

/** Shows (or replaces) a banner; `key` names it so that a newer one of the same kind replaces it. */
function showBanner({ key, kind, text, action, timeoutMs }) {
  const id = `banner-${key}`;
  $(id)?.remove();
  clearTimeout(bannerTimers.get(key));
  const banner = el(
    'div',
    { id, class: `banner ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    el('span', { class: 'banner-text' }, text),
    action ? el('a', { href: action.href, class: 'button' }, action.label) : undefined,
    el('button', { type: 'button', 'aria-label': 'Dismiss', onclick: () => dismiss(key) }, '×'),
  );
  $('banners').append(banner);
  if (timeoutMs)
    bannerTimers.set(
      key,
      setTimeout(() => dismiss(key), timeoutMs),
    );
}

function dismiss(key) {
  clearTimeout(bannerTimers.get(key));
  $(`banner-${key}`)?.remove();
}

function showError(error, key = 'error') {
  showBanner({ key, kind: 'error', text: error.message });
  if (error.code === 'Unauthenticated') void loadConnections();
}

// ---- Connections ----------------------------------------------------------------------------

const connectionById = (id) => view.connections.find((connection) => connection.id === id);

async function loadConnections() {
  try {
    view.connections = (await api('GET', '/api/connections')).connections;
  } catch (error) {
    showError(error);
    return;
  }
  renderConnections();
  renderConnectionBanners();
}

function renderConnections() {
  const list = $('connections');
  list.replaceChildren(
    ...view.connections.map((connection) => {
      const current = connection.id === view.current;
      return el(
        'li',
        { class: `connection state-${connection.state}${current ? ' current' : ''}` },
        el(
          'a',
          {
            href: hashFor(connection.id, '/'),
            class: 'connection-name',
            ...(current ? { 'aria-current': 'page' } : {}),
          },
          connection.label,
        ),
        connection.mode === 'emulated' && connection.state !== 'unavailable'
          ? el('span', { class: 'badge emulated' }, 'emulated')
          : undefined,
        el('span', { class: 'connection-state' }, stateText(connection)),
        connection.state === 'unavailable'
          ? undefined
          : el(
              'small',
              { class: 'connection-detail' },
              connection.account ?? connection.description,
            ),
        connectionAction(connection),
      );
    }),
  );
}

function stateText(connection) {
  switch (connection.state) {
    case 'connected':
      return 'connected';
    case 'needs-reconnect':
      return 'needs reconnect';
    case 'signed-out':
      return 'not connected';
    default:
      return `unavailable: ${connection.problem ?? ''}`;
  }
}

function connectionAction(connection) {
  if (connection.state === 'signed-out' || connection.state === 'needs-reconnect') {
    const verb = connection.state === 'signed-out' ? 'Connect' : 'Reconnect';
    return el(
      'a',
      {
        href: `/auth/${encodeURIComponent(connection.id)}/connect`,
        class: 'button',
        'aria-label': `${verb} ${connection.label}`,
      },
      verb,
    );
  }
  if (
    connection.state === 'connected' &&
    (connection.mode === 'emulated' || connection.mode === 'real')
  ) {
    return el(
      'button',
      {
        type: 'button',
        'aria-label': `Disconnect ${connection.label}`,
        onclick: () => disconnect(connection),
      },
      'Disconnect',
    );
  }
  return undefined;
}

function renderConnectionBanners() {
  for (const connection of view.connections) {
    if (connection.state === 'needs-reconnect') {
      showBanner({
        key: `reconnect-${connection.id}`,
        kind: 'error',
        text: `${connection.label} needs you to sign in again.`,
        action: {
          href: `/auth/${encodeURIComponent(connection.id)}/connect`,
          label: `Reconnect ${connection.label}`,
        },
      });
    } else {
      dismiss(`reconnect-${connection.id}`);
    }
    if (connection.problem && connection.state !== 'unavailable') {
      showBanner({ key: `problem-${connection.id}`, kind: 'error', text: connection.problem });
    } else {
      dismiss(`problem-${connection.id}`);
    }
  }
}

async function disconnect(connection) {
  try {
    await api('POST', `/api/connections/${encodeURIComponent(connection.id)}/disconnect`);
  } catch (error) {
    showError(error);
  }
  await loadConnections();
  if (connection.id === view.current) await loadListing();
}

// ---- Listing --------------------------------------------------------------------------------

async function route() {
  const { id, path } = parseHash();
  if (!connectionById(id)) {
    location.replace(hashFor(view.connections[0]?.id ?? 'local', '/'));
    return;
  }
  view.current = id;
  view.path = path;
  view.search = '';
  $('search-input').value = '';
  renderConnections();
  await loadListing();
}

async function loadListing() {
  const connection = connectionById(view.current);
  renderBreadcrumbs();
  const usable = connection?.state === 'connected';
  $('toolbar').hidden = !usable;
  $('drop-hint').hidden = !usable;
  $('search-form').hidden = !connection?.features?.search;
  if (!usable) {
    $('listing').hidden = true;
    $('status').textContent =
      connection?.state === 'unavailable'
        ? `${connection.label} is not available: ${connection.problem}`
        : `Connect ${connection?.label ?? 'this connection'} (in the sidebar) to browse it.`;
    return;
  }
  $('status').textContent = 'Loading…';
  try {
    const result = await api('GET', connectionUrl(view.current, 'list', view.path));
    view.entries = result.entries;
    view.truncated = result.truncated;
    renderRows();
  } catch (error) {
    $('status').textContent = '';
    showError(error);
  }
}

function renderBreadcrumbs() {
  const connection = connectionById(view.current);
  const crumbs = [{ label: connection?.label ?? view.current, path: '/' }];
  let path = '/';
  for (const name of view.path.split('/').filter(Boolean)) {
    path = joinPath(path, name);
    crumbs.push({ label: name, path });
  }
  const items = crumbs.map((crumb, index) => {
    const last = index === crumbs.length - 1 && !view.search;
    return el(
      'li',
      {},
      last
        ? el('span', { 'aria-current': 'location' }, crumb.label)
        : el('a', { href: hashFor(view.current, crumb.path) }, crumb.label),
    );
  });
  if (view.search)
    items.push(
      el('li', {}, el('span', { 'aria-current': 'location' }, `Search: “${view.search}”`)),
    );
  $('breadcrumbs').replaceChildren(...items);
}

function compareEntries(a, b) {
  if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
  const { key, dir } = view.sort;
  let order = 0;
  if (key === 'size') order = (a.size ?? -1) - (b.size ?? -1);
  else if (key === 'modified')
    order = Date.parse(a.modifiedAt ?? 0) - Date.parse(b.modifiedAt ?? 0);
  else if (key === 'type') order = typeOf(a).localeCompare(typeOf(b));
  if (order === 0)
    order = a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });
  return order * dir;
}

function renderRows() {
  const sorted = [...view.entries].sort(compareEntries);
  $('rows').replaceChildren(...sorted.map(renderRow));
  $('listing').hidden = false;
  for (const th of document.querySelectorAll('#listing th[data-sort]')) {
    if (th.dataset.sort === view.sort.key)
      th.setAttribute('aria-sort', view.sort.dir === 1 ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
  }
  const count = `${sorted.length} ${sorted.length === 1 ? 'item' : 'items'}`;
  $('listing-caption').textContent = view.search
    ? `Search results: ${count}`
    : `Contents of ${view.path}: ${count}`;
  $('status').textContent =
    (sorted.length === 0 ? (view.search ? 'Nothing matches.' : 'This folder is empty.') : count) +
    (view.truncated ? ' (only the first ones are shown)' : '');
}

function renderRow(entry) {
  const path = entry.path ?? joinPath(view.path, entry.name);
  const name =
    entry.kind === 'folder'
      ? el('a', { href: hashFor(view.current, path), class: 'folder' }, entry.name)
      : el('span', { class: 'file' }, entry.name);
  const where = view.search ? el('small', { class: 'where' }, parentOf(path)) : undefined;
  const modified = entry.modifiedAt
    ? new Date(entry.modifiedAt).toLocaleString(undefined, {
        dateStyle: 'medium',
        timeStyle: 'short',
      })
    : '';
  const size =
    entry.kind === 'file'
      ? el(
          'td',
          {
            class: 'num size',
            title: `${entry.size.toLocaleString('en')} bytes`,
            'data-bytes': String(entry.size),
          },
          formatSize(entry.size),
        )
      : el(
          'td',
          { class: 'num size' },
          entry.childCount === undefined ? '' : `${entry.childCount} items`,
        );
  const action = (label, onclick) =>
    el(
      'button',
      {
        type: 'button',
        'aria-label': `${label} ${entry.name}`,
        onclick: () => onclick(entry, path),
      },
      label,
    );
  return el(
    'tr',
    { 'data-name': entry.name, 'data-kind': entry.kind },
    el('th', { scope: 'row' }, name, where),
    size,
    el('td', {}, modified),
    el('td', {}, typeOf(entry)),
    el(
      'td',
      { class: 'actions' },
      entry.kind === 'file' ? action('Download', download) : undefined,
      action('Rename', rename),
      action('Copy or move', transfer),
      action('Delete', remove),
    ),
  );
}

// ---- Actions --------------------------------------------------------------------------------

/** Opens a dialog; resolves true when the user confirmed it. */
function ask(dialog) {
  return new Promise((resolve) => {
    dialog.returnValue = '';
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
  });
}

async function askName(title, label, initial) {
  $('name-dialog-title').textContent = title;
  $('name-label').textContent = label;
  const input = $('name-input');
  input.value = initial;
  const dot = initial.lastIndexOf('.');
  const ok = ask($('name-dialog'));
  input.setSelectionRange(0, dot > 0 ? dot : initial.length);
  return (await ok) ? input.value.trim() : '';
}

async function download(entry, path) {
  // Check first, so a missing file or a lost login shows as a banner rather than a saved error page.
  try {
    await api('GET', connectionUrl(view.current, 'stat', path));
  } catch (error) {
    showError(error);
    return;
  }
  const link = el('a', {
    href: connectionUrl(view.current, 'download', path),
    download: entry.name,
  });
  document.body.append(link);
  link.click();
  link.remove();
}

async function rename(entry, path) {
  const name = await askName(`Rename “${entry.name}”`, 'New name', entry.name);
  if (!name || name === entry.name) return;
  await act(() =>
    api('POST', connectionUrl(view.current, 'move'), {
      from: path,
      to: joinPath(parentOf(path), name),
    }),
  );
}

async function newFolder() {
  const name = await askName('New folder', 'Folder name', '');
  if (!name) return;
  await act(() =>
    api('POST', connectionUrl(view.current, 'mkdir'), { path: joinPath(view.path, name) }),
  );
}

async function remove(entry, path) {
  const connection = connectionById(view.current);
  const what =
    entry.kind === 'folder' ? `the folder “${entry.name}” and everything in it` : `“${entry.name}”`;
  $('delete-text').textContent = connection?.features?.trash
    ? `Move ${what} to ${connection.label}'s trash?`
    : `Delete ${what} for good? This cannot be undone.`;
  if (!(await ask($('delete-dialog')))) return;
  await act(() =>
    api('POST', connectionUrl(view.current, 'delete'), {
      path,
      recursive: entry.kind === 'folder',
    }),
  );
}

async function transfer(entry, path) {
  const targets = view.connections.filter((connection) => connection.state === 'connected');
  const select = $('transfer-connection');
  select.replaceChildren(
    ...targets.map((connection) => el('option', { value: connection.id }, connection.label)),
  );
  const other = targets.find((connection) => connection.id !== view.current);
  select.value = (other ?? targets[0])?.id ?? '';
  $('transfer-text').textContent = `“${entry.name}” from ${connectionById(view.current)?.label}`;
  $('transfer-folder').value = '/';
  for (const radio of document.querySelectorAll('#transfer-dialog input[name=mode]'))
    radio.checked = radio.value === 'copy';
  if (!(await ask($('transfer-dialog')))) return;
  const mode = document.querySelector('#transfer-dialog input[name=mode]:checked').value;
  const to = {
    connection: select.value,
    path: joinPath($('transfer-folder').value.replace(/\/+$/, '') || '/', entry.name),
  };
  const label = connectionById(to.connection)?.label ?? to.connection;
  await act(async () => {
    showBanner({
      key: 'transfer',
      kind: 'info',
      text: `${mode === 'move' ? 'Moving' : 'Copying'} “${entry.name}” to ${label}…`,
    });
    await api('POST', '/api/transfer', { from: { connection: view.current, path }, to, mode });
    showBanner({
      key: 'transfer',
      kind: 'info',
      text: `${mode === 'move' ? 'Moved' : 'Copied'} “${entry.name}” to ${label} ${to.path}.`,
      action: { href: hashFor(to.connection, parentOf(to.path)), label: `Open ${label}` },
      timeoutMs: 15_000,
    });
  });
}

/** Runs a change, shows its error if it fails, and refreshes the listing either way. */
async function act(work) {
  try {
    await work();
  } catch (error) {
    dismiss('transfer');
    showError(error);
  }
  await loadListing();
}

async function search(text) {
  view.search = text;
  renderBreadcrumbs();
  $('status').textContent = 'Searching…';
  try {
    const url = `${connectionUrl(view.current, 'search', view.path)}&q=${encodeURIComponent(text)}`;
    const result = await api('GET', url);
    view.entries = result.entries;
    view.truncated = result.truncated;
    renderRows();
  } catch (error) {
    $('status').textContent = '';
    showError(error);
  }
}

// ---- Uploads --------------------------------------------------------------------------------

let uploadQueue = Promise.resolve();

function uploadFiles(files) {
  const connection = connectionById(view.current);
  if (connection?.state !== 'connected') return;
  $('uploads-section').hidden = false;
  for (const file of files) {
    const folder = view.path;
    const progress = el('progress', { max: 100, value: 0, 'aria-label': `Upload of ${file.name}` });
    const status = el('span', { class: 'upload-status' }, 'waiting');
    $('uploads').prepend(
      el(
        'li',
        { 'data-name': file.name },
        el('span', { class: 'upload-name' }, file.name),
        progress,
        status,
      ),
    );
    uploadQueue = uploadQueue.then(() => uploadOne(connection, folder, file, progress, status));
  }
}

/** Sends one file with XMLHttpRequest, which reports upload progress (fetch cannot). */
function uploadOne(connection, folder, file, progress, status) {
  return new Promise((resolve) => {
    const conflict = connection.features?.renameOnConflict ? 'rename' : 'fail';
    const url = `${connectionUrl(connection.id, 'upload', joinPath(folder, file.name))}&conflict=${conflict}`;
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    status.textContent = 'uploading';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
    };
    xhr.onload = () => {
      if (xhr.status === 201) {
        progress.value = 100;
        status.textContent = 'done';
      } else {
        let data = null;
        try {
          data = JSON.parse(xhr.responseText);
        } catch {}
        const error = toApiError(xhr.status, data);
        status.textContent = 'failed';
        showError(error, `upload-${file.name}`);
      }
      if (connection.id === view.current && folder === view.path) void loadListing();
      resolve();
    };
    xhr.onerror = () => {
      status.textContent = 'failed';
      showBanner({
        key: `upload-${file.name}`,
        kind: 'error',
        text: `Uploading ${file.name} failed: the connection to the demo was lost.`,
      });
      resolve();
    };
    xhr.send(file);
  });
}

// ---- Wiring ---------------------------------------------------------------------------------

function wire() {
  for (const button of document.querySelectorAll('dialog [data-close]')) {
    button.addEventListener('click', () => button.closest('dialog').close('cancel'));
  }
  for (const th of document.querySelectorAll('#listing th[data-sort]')) {
    th.querySelector('button').addEventListener('click', () => {
      const key = th.dataset.sort;
      view.sort = { key, dir: view.sort.key === key ? -view.sort.dir : 1 };
      renderRows();
    });
  }
  $('upload-button').addEventListener('click', () => $('file-input').click());
  $('file-input').addEventListener('change', (event) => {
    uploadFiles([...event.target.files]);
    event.target.value = '';
  });
  $('new-folder-button').addEventListener('click', () => void newFolder());
  $('refresh-button').addEventListener('click', () => void loadListing());
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('search-input').value.trim();
    if (text) void search(text);
    else void loadListing();
  });
  const zone = $('drop-zone');
  zone.addEventListener('dragover', (event) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    uploadFiles([...(event.dataTransfer?.files ?? [])]);
  });
  window.addEventListener('hashchange', () => void route());

  const events = new EventSource('/api/events');
  events.addEventListener('retry', (event) => {
    const data = JSON.parse(event.data);
    showBanner({
      key: `retry-${data.connection}`,
      kind: 'warning',
      text: data.message,
      timeoutMs: data.delayMs + 1500,
    });
  });
  events.addEventListener('connections', async () => {
    const before = connectionById(view.current)?.state;
    await loadConnections();
    if (connectionById(view.current)?.state !== before) await loadListing();
  });
}

wire();
await loadConnections();
await route();
