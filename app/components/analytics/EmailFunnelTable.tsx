// The post-purchase email funnel: sent, opened and clicked (where tracked), ordered.
import { DataTable } from "@shopify/polaris";
import { count, percent } from "../../analytics/format";
import type { EmailFunnel } from "../../analytics/kpis/types";

export function EmailFunnelTable({ email, money }: { email: EmailFunnel; money: (n: number) => string }) {
  return (
    <DataTable
      columnContentTypes={["text", "numeric", "numeric"]}
      headings={["Step", "Emails", "Of sent"]}
      rows={[
        ["Sent", count(email.sent), percent(email.sent > 0 ? 1 : null, 0)],
        [
          "Opened",
          email.opened === null ? "not tracked" : count(email.opened),
          email.opened === null || email.sent === 0 ? "—" : percent(email.opened / email.sent),
        ],
        [
          "Clicked",
          email.clicked === null ? "not tracked" : count(email.clicked),
          email.clicked === null || email.sent === 0 ? "—" : percent(email.clicked / email.sent),
        ],
        ["Ordered", count(email.ordered), email.sent === 0 ? "—" : percent(email.ordered / email.sent)],
      ]}
      footerContent={`${count(email.orders)} orders, ${money(email.revenue)} from offered products`}
    />
  );
}
