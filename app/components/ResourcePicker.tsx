// Choosing products or collections. Inside Shopify admin: App Bridge's resource picker (Shopify's
// own search, preselecting what is chosen). In local admin mode there is no App Bridge: a Polaris
// Autocomplete over the shop's catalog in Postgres (/app/catalog-search). Either way the page gets
// the chosen items with our stored titles and variants.
import { useAppBridge } from "@shopify/app-bridge-react";
import { Autocomplete, BlockStack, Button, InlineError, InlineStack, Text } from "@shopify/polaris";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { collectionGid, numericId, productGid, useAdminContext } from "./admin-context";
import { fetchCatalog, type PickerItem, type PickerType } from "./catalog-client";

export interface ResourcePickerProps {
  label: string;
  type: PickerType;
  /** Several items (kept in the order chosen) or one (a new choice replaces it). */
  multiple: boolean;
  selected: PickerItem[];
  onChange: (selected: PickerItem[]) => void;
  /** At most this many when multiple. */
  max?: number;
  error?: string;
  helpText?: string;
  /** Let the merchant reorder the chosen items (offered products are shown in this order). */
  orderable?: boolean;
  /** Label of the embedded button; defaults to "Browse". */
  browseLabel?: string;
  /** Hides the list of chosen items (the page shows them itself). */
  hideSelection?: boolean;
}

export function ResourcePicker(props: ResourcePickerProps) {
  const { embedded } = useAdminContext();
  const errorId = useId();
  const add = useCallback(
    (items: PickerItem[]) => {
      if (!props.multiple) {
        props.onChange(items.slice(0, 1));
        return;
      }
      const known = new Set(props.selected.map((item) => item.id));
      const merged = [...props.selected, ...items.filter((item) => !known.has(item.id))];
      props.onChange(props.max ? merged.slice(0, props.max) : merged);
    },
    [props],
  );
  return (
    <BlockStack gap="200">
      {embedded ? <EmbeddedPicker {...props} /> : <LocalPicker {...props} onAdd={add} />}
      {props.error ? <InlineError message={props.error} fieldID={errorId} /> : null}
      {props.hideSelection ? null : <SelectedItems {...props} />}
    </BlockStack>
  );
}

function SelectedItems({ selected, onChange, orderable, type, multiple }: ResourcePickerProps) {
  if (selected.length === 0) return null;
  const move = (from: number, to: number) => {
    const next = [...selected];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    onChange(next);
  };
  return (
    <BlockStack gap="100" as="ul">
      {selected.map((item, index) => (
        <li key={item.id} style={{ listStyle: "none" }}>
          <InlineStack gap="200" blockAlign="center" wrap={false} align="space-between">
            <Text as="span" truncate>
              {multiple && orderable ? `${index + 1}. ` : ""}
              {item.title}
            </Text>
            <InlineStack gap="100" wrap={false}>
              {orderable && multiple ? (
                <>
                  <Button
                    size="micro"
                    variant="tertiary"
                    disabled={index === 0}
                    onClick={() => move(index, index - 1)}
                    accessibilityLabel={`Move ${item.title} up`}
                  >
                    ↑
                  </Button>
                  <Button
                    size="micro"
                    variant="tertiary"
                    disabled={index === selected.length - 1}
                    onClick={() => move(index, index + 1)}
                    accessibilityLabel={`Move ${item.title} down`}
                  >
                    ↓
                  </Button>
                </>
              ) : null}
              <Button
                size="micro"
                variant="tertiary"
                tone="critical"
                onClick={() => onChange(selected.filter((other) => other.id !== item.id))}
                accessibilityLabel={`Remove ${type} ${item.title}`}
              >
                Remove
              </Button>
            </InlineStack>
          </InlineStack>
        </li>
      ))}
    </BlockStack>
  );
}

function EmbeddedPicker({ type, multiple, selected, onChange, max, browseLabel, label }: ResourcePickerProps) {
  const shopify = useAppBridge();
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    try {
      const result = await shopify.resourcePicker({
        type,
        action: "select",
        multiple: multiple ? (max ?? true) : false,
        filter: type === "product" ? { variants: false, draft: false, archived: false } : undefined,
        selectionIds: selected.map((item) => ({
          id: type === "product" ? productGid(item.id) : collectionGid(item.id),
        })),
      });
      if (!result) return;
      const ids = result.map((resource) => numericId(resource.id));
      // Our stored titles and variants (synced from Shopify); a product Shopify knows but we have not
      // synced yet keeps the picker's title, and the action will say it is not in the catalog.
      const stored = new Map((await fetchCatalog(type, { ids })).map((item) => [item.id, item]));
      onChange(
        result.map((resource) => {
          const id = numericId(resource.id);
          return (
            stored.get(id) ?? {
              id,
              title: "title" in resource ? String(resource.title) : id,
              imageUrl: null,
              variants: [],
            }
          );
        }),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <InlineStack gap="200" blockAlign="center">
      <Text as="span" variant="bodyMd">
        {label}
      </Text>
      <Button onClick={open} loading={busy}>
        {browseLabel ?? (type === "product" ? "Browse products" : "Browse collections")}
      </Button>
    </InlineStack>
  );
}

function LocalPicker({
  type,
  label,
  selected,
  helpText,
  onAdd,
}: ResourcePickerProps & { onAdd: (items: PickerItem[]) => void }) {
  const [input, setInput] = useState("");
  const [results, setResults] = useState<PickerItem[]>([]);
  const [loading, setLoading] = useState(false);
  const [active, setActive] = useState(false);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    abort.current?.abort();
    abort.current = controller;
    setLoading(true);
    const timer = setTimeout(() => {
      fetchCatalog(type, { q: input }, controller.signal)
        .then((items) => setResults(items))
        .catch(() => {})
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [input, type, active]);

  const chosen = useMemo(() => new Set(selected.map((item) => item.id)), [selected]);
  const options = useMemo(
    () =>
      results.map((item) => ({
        value: item.id,
        label: chosen.has(item.id) ? `${item.title} (chosen)` : item.title,
        disabled: chosen.has(item.id),
      })),
    [results, chosen],
  );

  return (
    <Autocomplete
      options={options}
      selected={[]}
      loading={loading}
      onSelect={(values) => {
        const picked = results.filter((item) => values.includes(item.id));
        onAdd(picked);
        setInput("");
      }}
      emptyState={
        <div style={{ padding: "0.75rem" }}>
          <Text as="p" tone="subdued">
            {loading ? "Searching…" : `No ${type === "product" ? "products" : "collections"} match “${input}”`}
          </Text>
        </div>
      }
      textField={
        <Autocomplete.TextField
          label={label}
          value={input}
          onChange={setInput}
          onFocus={() => setActive(true)}
          placeholder={type === "product" ? "Search products" : "Search collections"}
          helpText={helpText}
          autoComplete="off"
        />
      }
    />
  );
}
