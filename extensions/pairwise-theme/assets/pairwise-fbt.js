// <pairwise-fbt>: this product plus complements, checkboxes, combined price, one add button.
if (!customElements.get('pairwise-fbt')) {
  customElements.define(
    'pairwise-fbt',
    class PairwiseFbt extends HTMLElement {
      connectedCallback() {
        const P = window.Pairwise;
        this.list = this.querySelector('[data-pw-list]');
        this.addEventListener('change', () => this.update());
        this.querySelector('form').onsubmit = (e) => (e.preventDefault(), this.add());
        // Follow the theme's variant picker: Dawn sets the product form's id input and fires change.
        document.addEventListener('change', ({ target }) => {
          const main = this.list.firstElementChild;
          const cents = JSON.parse(main.dataset.pwPrices)[target.value];
          if (target.name == 'id' && target.closest('form[action*="/cart/add"]') && cents) {
            const input = main.querySelector('.pw-item__variant');
            input.value = target.value;
            input.dataset.pwCents = cents;
            this.update();
          }
        });
        P.whenVisible(this, () =>
          P.load(this, { product_id: this.dataset.productId, variant_id: this.dataset.variantId, kind: 'cross_sell' })
            .then((offers) => (offers ? this.render(offers) : P.empty(this)))
            .catch(() => P.empty(this)),
        );
      }

      render(offers) {
        this.sample = offers.dataset.pwMoney;
        const items = [...offers.children];
        this.list.append(...items);
        this.update();
        window.Pairwise.track(this, 'impression', items);
      }

      update() {
        const money = (cents) => window.Pairwise.money(this.sample, cents);
        let total = 0;
        let saving = 0;
        if (!this.sample) return;
        for (const li of this.list.children) {
          const control = li.querySelector('.pw-item__variant');
          const cents = +(control.selectedOptions ? control.selectedOptions[0] : control).dataset.pwCents;
          li.querySelector('.pw-item__price').textContent = money(cents);
          if (!li.querySelector('.pw-item__check').checked) continue;
          total += cents;
          saving += (cents * (li.dataset.pwPercentOff || 0)) / 100;
        }
        this.querySelector('[data-pw-total]').textContent = money(total - saving);
        this.querySelector('[data-pw-saving]').textContent = money(saving);
        this.querySelector('[data-pw-saving-row]').hidden = !saving;
        this.querySelector('.pw-fbt__add').disabled = !total;
      }

      add() {
        const P = window.Pairwise;
        const chosen = [...this.list.children].filter((li) => li.querySelector('.pw-item__check').checked);
        const offers = chosen.filter((li) => li.dataset.pwOffer);
        const button = this.querySelector('.pw-fbt__add');
        button.disabled = true;
        P.track(this, 'click', offers);
        P.add(chosen.map((li) => ({ id: +li.querySelector('.pw-item__variant').value, quantity: 1, properties: li.dataset.pwOffer ? P.properties(this, li) : {} })))
          .then(() => (P.track(this, 'add_to_cart', offers), P.announce(this, this.dataset.tAdded)))
          .catch(() => P.announce(this, this.dataset.tError))
          .finally(() => (button.disabled = false));
      }
    },
  );
}
