// A Dawn-like theme's own behaviour: the variant picker updates the product form's id input and
// fires change; the product form adds with the Ajax API, publishes cartUpdate and opens the
// drawer; the cart drawer re-renders its lines on every cartUpdate (Dawn re-renders sections).
const money = (cents) => "$" + (cents / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

class VariantPicker extends HTMLElement {
  connectedCallback() {
    this.querySelector("select").addEventListener("change", (event) => {
      const option = event.target.selectedOptions[0];
      const input = document.querySelector('#product-form [name="id"]');
      input.value = event.target.value;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      document.querySelector("[data-product-price]").textContent = money(Number(option.dataset.price));
      publish(PUB_SUB_EVENTS.variantChange, { variant: { id: Number(event.target.value) } });
    });
  }
}
customElements.define("variant-picker", VariantPicker);

class ProductForm extends HTMLElement {
  connectedCallback() {
    this.querySelector("form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const id = Number(this.querySelector('[name="id"]').value);
      const response = await fetch("/cart/add.js", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ id, quantity: 1 }),
      });
      if (!response.ok) return publish(PUB_SUB_EVENTS.cartError, { source: "product-form" });
      await publish(PUB_SUB_EVENTS.cartUpdate, { source: "product-form" });
      document.querySelector("cart-drawer").open();
    });
  }
}
customElements.define("product-form", ProductForm);

class CartDrawer extends HTMLElement {
  connectedCallback() {
    subscribe(PUB_SUB_EVENTS.cartUpdate, () => this.renderLines());
    document.querySelector("#cart-icon").addEventListener("click", () => this.open());
    this.querySelector(".drawer__close").addEventListener("click", () => this.close());
    this.renderLines();
  }

  open() {
    this.classList.add("active");
    this.setAttribute("aria-hidden", "false");
    this.querySelector(".drawer__close").focus();
  }

  close() {
    this.classList.remove("active");
    this.setAttribute("aria-hidden", "true");
  }

  async renderLines() {
    const cart = await (await fetch("/cart.js")).json();
    const list = this.querySelector("#CartDrawer-Items");
    list.replaceChildren(
      ...cart.items.map((item) => {
        const li = document.createElement("li");
        li.className = "cart-item";
        li.dataset.variantId = item.variant_id;
        // Dawn hides line item properties whose name starts with "_".
        const visible = Object.entries(item.properties).filter(([name]) => !name.startsWith("_"));
        li.textContent = `${item.title} × ${item.quantity} — ${money(item.line_price)}${visible.map(([k, v]) => ` (${k}: ${v})`).join("")}`;
        return li;
      }),
    );
    this.querySelector("[data-cart-total]").textContent = money(cart.total_price);
    document.querySelector("#cart-count").textContent = cart.item_count;
  }
}
customElements.define("cart-drawer", CartDrawer);
