// <pairwise-upgrade>: the premium version of this product (product page) or of a cart line (cart).
if (!customElements.get('pairwise-upgrade')) {
  customElements.define(
    'pairwise-upgrade',
    class PairwiseUpgrade extends HTMLElement {
      connectedCallback() {
        const P = window.Pairwise;
        this.list = this.querySelector('[data-pw-list]');
        P.whenVisible(this, () => this.refresh());
        if (this.dataset.surface === 'cart') P.onCartChange(() => this.refresh());
      }

      refresh() {
        const P = window.Pairwise;
        const params = this.dataset.surface === 'product'
          ? Promise.resolve({ product_id: this.dataset.productId, variant_id: this.dataset.variantId, kind: 'upgrade', limit: 1 })
          : P.cartQuery().then((cart) => ({ cart, kind: 'upgrade', limit: 1 }));
        return params
          .then((query) => P.load(this, query))
          .then((offers) => {
            this.list.replaceChildren();
            if (!offers) return P.empty(this);
            const items = Array.from(offers.children);
            for (const li of items) this.list.append(P.upgradeRow(this, li));
            P.track(this, 'impression', items);
          })
          .catch(() => P.empty(this));
      }
    },
  );
}
