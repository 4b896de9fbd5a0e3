// The post-purchase email's words, in English and French (the shop's primary language picks one;
// any other language gets English). {placeholders} are filled by render.server.ts, then escaped
// by the template.

export interface EmailStrings {
  subject: string;
  preview: string;
  heading: string;
  intro: string;
  discount: string;
  upgrade: string;
  addToCart: string;
  footer: string;
  unsubscribe: string;
  unsubscribePage: {
    title: string;
    question: string;
    confirm: string;
    done: string;
    invalid: string;
  };
}

export const EMAIL_STRINGS: Record<"en" | "fr", EmailStrings> = {
  en: {
    subject: "{shop}: picked for you after order {order}",
    preview: "A few things that go well with what you just bought.",
    heading: "Thank you for your order {order}",
    intro: "Customers who bought what you chose also liked these. Tap a product to add it to your cart.",
    discount: "Your personal code {code} takes {percent} off these items until {date}.",
    upgrade: "Upgrade",
    addToCart: "Add to cart",
    footer: "You receive this email because you agreed to hear from {shop}.",
    unsubscribe: "Unsubscribe",
    unsubscribePage: {
      title: "Unsubscribe",
      question: "Stop receiving product suggestions by email from {shop}?",
      confirm: "Unsubscribe",
      done: "You are unsubscribed: {shop} will not send you product suggestions by email any more.",
      invalid: "This unsubscribe link is not valid.",
    },
  },
  fr: {
    subject: "{shop} : sélectionnés pour vous après la commande {order}",
    preview: "Quelques articles qui vont bien avec votre achat.",
    heading: "Merci pour votre commande {order}",
    intro:
      "Les clients qui ont acheté les mêmes articles que vous ont aussi aimé ceux-ci. Touchez un produit pour l’ajouter à votre panier.",
    discount: "Votre code personnel {code} vous offre {percent} de réduction sur ces articles jusqu’au {date}.",
    upgrade: "Version supérieure",
    addToCart: "Ajouter au panier",
    footer: "Vous recevez cet e-mail car vous avez accepté les communications de {shop}.",
    unsubscribe: "Se désabonner",
    unsubscribePage: {
      title: "Désabonnement",
      question: "Ne plus recevoir de suggestions de produits par e-mail de la part de {shop} ?",
      confirm: "Se désabonner",
      done: "Vous êtes désabonné·e : {shop} ne vous enverra plus de suggestions de produits par e-mail.",
      invalid: "Ce lien de désabonnement n’est pas valide.",
    },
  },
};

/** "fr-CA" → French; anything not translated → English. */
export function stringsFor(locale: string): { language: "en" | "fr"; strings: EmailStrings } {
  const language = locale.toLowerCase().split(/[-_]/)[0] === "fr" ? "fr" : "en";
  return { language, strings: EMAIL_STRINGS[language] };
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}
