// Layout shifts in a browser page, each described by what moved, for an assertion that nothing did.
// Every shift counts, also right after a click (decision 018, issue #18), and so does a viewport
// resize: take viewport screenshots, not full-page ones, while recording.
import type { BrowserContext, Page } from "playwright-core";

interface ShiftWindow {
  __layoutShifts: { lines: string[]; flush: () => void };
}

/** Records every layout shift of the context's pages from their first paint. */
export async function recordLayoutShifts(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const lines: string[] = [];
    const rect = (r: DOMRectReadOnly) =>
      `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
    const name = (node: Node | null): string => {
      if (!node) return "(removed node)";
      if (!(node instanceof Element))
        return `text "${(node.textContent ?? "").trim().slice(0, 40)}" in ${name(node.parentNode)}`;
      const classes =
        typeof node.className === "string" && node.className ? `.${node.className.trim().split(/\s+/).join(".")}` : "";
      return `${node.localName}${node.id ? `#${node.id}` : ""}${classes}`;
    };
    type Source = { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly };
    type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: Source[] };
    const record = (entries: PerformanceEntryList) => {
      for (const entry of entries as Shift[]) {
        const moved = entry.sources
          .map((s) => `${name(s.node)} ${rect(s.previousRect)} → ${rect(s.currentRect)}`)
          .join("; ");
        lines.push(
          `${entry.value.toFixed(4)} at ${Math.round(entry.startTime)} ms${entry.hadRecentInput ? " (within 500 ms of input)" : ""}: ${moved}`,
        );
      }
    };
    const observer = new PerformanceObserver((list) => record(list.getEntries()));
    observer.observe({ type: "layout-shift", buffered: true });
    (window as unknown as ShiftWindow).__layoutShifts = { lines, flush: () => record(observer.takeRecords()) };
  });
}

/**
 * The page's layout shifts so far, one line each: score, time, and each moved node with its rects.
 * Waits for two frames first, so the page has painted its current state (shifts are found at paint).
 */
export function layoutShifts(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    await new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted)));
    const shifts = (window as unknown as ShiftWindow).__layoutShifts;
    shifts.flush();
    return [...shifts.lines];
  });
}
