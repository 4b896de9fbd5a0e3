// <pairwise-cart-upsell>: offers in the theme's cart drawer; `placed` stops the re-run a move causes.
if (!customElements.get('pairwise-cart-upsell')) {
  customElements.define(
    'pairwise-cart-upsell',
    class PairwiseCartUpsell extends HTMLElement {
      connectedCallback() {
        if (this.placed) return;
        const anchor = document.querySelector(this.dataset.anchor);
        if (!anchor) return;
        this.placed = true;
        anchor.before(this);
        this.list = this.querySelector('[data-pw-list]');
        window.Pairwise.onCartChange(() => this.refresh());
        this.refresh();
      }

      refresh() {
        const P = window.Pairwise;
        return P.cartQuery()
          .then((cart) => cart && P.load(this, { cart }))
          .then((offers) => {
            this.list.replaceChildren();
            this.hidden = !offers;
            if (!offers) return;
            this.addText = offers.dataset.tAddButton || this.dataset.tAdd;
            const items = Array.from(offers.children);
            for (const li of items) this.list.append(li.dataset.pwKind === 'upgrade' ? P.upgradeRow(this, li) : this.crossSell(li));
            P.track(this, 'impression', items);
          })
          .catch(() => (this.hidden = true));
      }

      crossSell(li) {
        const P = window.Pairwise;
        const add = P.actions(this, li, this.addText, () =>
          P.add([{ id: +li.querySelector('.pw-item__variant').value, quantity: 1, properties: P.properties(this, li) }]),
        );
        add.setAttribute('aria-label', this.addText + ': ' + li.querySelector('label').textContent.trim());
        return li;
      }
    },
  );
}
