// Shared by every Pairwise block: visitor id, offers, cart calls, beacons, cart-change signal.
(() => {
  if (window.Pairwise) return;
  const root = () => (window.Shopify && Shopify.routes && Shopify.routes.root) || '/';
  const CART_EVENT = typeof PUB_SUB_EVENTS != 'undefined' ? PUB_SUB_EVENTS.cartUpdate : 'cart-update';
  const hasPubSub = typeof subscribe == 'function' && typeof publish == 'function';
  let id;

  const visitor = () => {
    if (id) return id;
    id = 'pw-' + crypto.getRandomValues(new Uint32Array(3)).join('-');
    try {
      id = localStorage.getItem('pairwise_visitor') || id;
      localStorage.setItem('pairwise_visitor', id);
    } catch {
      return id;
    }
    return id;
  };

  const request = (path, body) =>
    fetch(root() + path, {
      method: body ? 'POST' : 'GET',
      headers: { 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body),
    }).then((r) => (r.ok ? r.json() : Promise.reject(r)));

  const load = (el, params) => {
    const q = new URLSearchParams({ surface: el.dataset.surface, visitor: visitor() });
    const extra = Object.assign({ locale: el.dataset.locale, currency: el.dataset.currency, limit: el.dataset.limit }, params);
    for (const k in extra) if (extra[k]) q.set(k, extra[k]);
    return fetch(root() + el.dataset.proxy + 'offers?' + q)
      .then((r) => (r.ok ? r.text() : Promise.reject(r)))
      .then((html) => {
        const t = document.createElement('template');
        t.innerHTML = html;
        const list = t.content.querySelector('.pw-offers');
        if (!list || !list.children.length) return null;
        // Merchant's app-wide texts for headings left to the locale default.
        for (const h of el.querySelectorAll('[data-pw-text]')) h.textContent = list.dataset[h.dataset.pwText] || h.textContent;
        el.removeAttribute('aria-busy');
        return list;
      });
  };

  const track = (el, type, items) => {
    const events = items.map((li) => ({ type, surface: el.dataset.surface, offer: li.dataset.pwOffer, kind: li.dataset.pwKind, rule: li.dataset.pwRule, product: el.dataset.productId, offered: li.dataset.pwProduct }));
    if (events.length) navigator.sendBeacon(root() + el.dataset.proxy + 'events', JSON.stringify({ visitor: visitor(), events }));
  };

  // The cart as the proxy's `cart` parameter (variant:quantity,...); '' when empty.
  const cartQuery = () => request('cart.js').then((cart) => cart.items.map((i) => i.variant_id + ':' + i.quantity).join(','));

  const properties = (el, li) => ({ _pairwise_offer: li.dataset.pwOffer, _pairwise_surface: el.dataset.surface, _pairwise_kind: li.dataset.pwKind });
  const published = (result) => (hasPubSub && publish(CART_EVENT, { source: 'pairwise' }), result);

  let attributed = false;
  const add = (items) =>
    request('cart/add.js', { items })
      .then((result) => (attributed ? result : request('cart/update.js', { attributes: { _pairwise_visitor: visitor() } }).then(() => ((attributed = true), result))))
      .then(published);

  // Upgrade: add the premium line first, then remove the replaced one (a failed add changes nothing).
  const swap = (el, li) =>
    request('cart.js').then((cart) => {
      const line = cart.items.find((item) => String(item.variant_id) === li.dataset.pwReplaces);
      return add([{ id: +li.dataset.pwVariant, quantity: line ? line.quantity : 1, properties: properties(el, li) }]).then(
        () => line && request('cart/change.js', { id: line.key, quantity: 0 }).then(published),
      );
    });

  const listeners = [];
  let timer;
  const changed = () => (clearTimeout(timer), (timer = setTimeout(() => listeners.forEach((fn) => fn()), 100)));
  document.addEventListener('shopify:cart:lines-update', (e) => (e.promise || Promise.resolve()).then(changed, changed));
  if (hasPubSub) subscribe(CART_EVENT, changed);
  const nativeFetch = window.fetch;
  window.fetch = function (input) {
    const result = nativeFetch.apply(this, arguments);
    if (/\/cart\/(add|change|update|clear)/.test((input && input.url) || input)) result.then(changed, changed);
    return result;
  };

  const money = (sample, cents) => {
    const m = /1(\D?)234\D?56[78](?:(\D)89)?/.exec(sample || '');
    if (!m) return (cents / 100).toFixed(2);
    const [whole, part] = (m[2] ? (cents / 100).toFixed(2) : String(Math.round(cents / 100))).split('.');
    return sample.replace(m[0], () => whole.replace(/\B(?=(\d{3})+(?!\d))/g, m[1]) + (part ? m[2] + part : ''));
  };

  const whenVisible = (el, fn) => {
    const io = new IntersectionObserver(([e]) => e.isIntersecting && (io.disconnect(), fn()), { rootMargin: '300px' });
    io.observe(el);
  };

  // No offers: collapse only when that moves nothing on screen; otherwise keep the reserved space.
  const empty = (el) => {
    if (el.getBoundingClientRect().top > innerHeight) el.hidden = true;
    else el.classList.add('pw--empty');
    el.removeAttribute('aria-busy');
  };

  const announce = (el, text) => (el.querySelector('[data-pw-status]').textContent = text);

  const button = (className, text, onclick) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = className;
    b.textContent = text;
    b.onclick = onclick;
    return b;
  };

  // An offer's buttons: its action (add or upgrade) and "No thanks", with events and announcements.
  const actions = (el, li, label, action) => {
    const cta = button('button pw-cta', label, () => {
      cta.disabled = true;
      track(el, 'click', [li]);
      action()
        .then(() => (track(el, 'add_to_cart', [li]), announce(el, el.dataset.tAdded), (li.hidden = 1)))
        .catch(() => announce(el, el.dataset.tError))
        .finally(() => (cta.disabled = false));
    });
    li.append(cta, button('pw-dismiss', el.dataset.tDismiss, () => (track(el, 'dismiss', [li]), li.remove())));
    return cta;
  };

  // "Upgrade to X for +$Y": words from locales/, values rendered by Shopify.
  const upgradeRow = (el, li) => {
    const title = li.querySelector('[data-pw-title]');
    const delta = li.querySelector('[data-pw-delta]');
    title.replaceWith(actions(el, li, el.dataset.tCta.replace('[title]', () => title.textContent).replace('[price]', () => delta.textContent), () => swap(el, li)));
    delta.remove();
    return li;
  };

  window.Pairwise = { cartQuery, load, track, properties, add, money, whenVisible, empty, announce, actions, upgradeRow, onCartChange: (fn) => listeners.push(fn) };
})();
