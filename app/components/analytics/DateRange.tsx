// The analytics range: a two-month picker of whole days and presets of the last 7, 30 and 90 days.
import { BlockStack, Box, Button, ButtonGroup, DatePicker, InlineStack, Popover } from "@shopify/polaris";
import { useState } from "react";
import { defaultRange, type KpiFilters } from "../../analytics/kpi-query";
import { localDate, localDay, longDay } from "./local-days";

export function DateRange({
  filters,
  today,
  onApply,
}: {
  filters: KpiFilters;
  today: string;
  onApply: (range: { from: string; to: string }) => void;
}) {
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState({ start: localDate(filters.from), end: localDate(filters.to) });
  const [view, setView] = useState({
    month: localDate(filters.to).getMonth(),
    year: localDate(filters.to).getFullYear(),
  });
  const preset = (days: number) => onApply(defaultRange(new Date(`${today}T12:00:00Z`), days));
  return (
    <InlineStack gap="200" blockAlign="center" wrap>
      <Popover
        active={open}
        onClose={() => setOpen(false)}
        preferredAlignment="left"
        activator={
          <Button disclosure onClick={() => setOpen((value) => !value)} accessibilityLabel="Date range">
            {`${longDay(filters.from)} – ${longDay(filters.to)}`}
          </Button>
        }
      >
        <Box padding="400" maxWidth="600px">
          <BlockStack gap="300">
            <DatePicker
              month={view.month}
              year={view.year}
              onMonthChange={(month, year) => setView({ month, year })}
              selected={selected}
              onChange={setSelected}
              allowRange
              multiMonth
              disableDatesAfter={localDate(today)}
            />
            <InlineStack align="end" gap="200">
              <Button onClick={() => setOpen(false)}>Cancel</Button>
              <Button
                variant="primary"
                onClick={() => {
                  setOpen(false);
                  onApply({ from: localDay(selected.start), to: localDay(selected.end ?? selected.start) });
                }}
              >
                Apply
              </Button>
            </InlineStack>
          </BlockStack>
        </Box>
      </Popover>
      <ButtonGroup variant="segmented">
        <Button onClick={() => preset(7)}>7 days</Button>
        <Button onClick={() => preset(30)}>30 days</Button>
        <Button onClick={() => preset(90)}>90 days</Button>
      </ButtonGroup>
    </InlineStack>
  );
}
