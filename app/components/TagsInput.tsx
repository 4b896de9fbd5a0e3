// Free-text values with suggestions (tags, vendors, product types, customer tags): type to filter
// the shop's known values, pick one or add what was typed; chosen values show as removable tags.
import { Autocomplete, BlockStack, InlineStack, Tag } from "@shopify/polaris";
import { useMemo, useState } from "react";

export interface TagsInputProps {
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  suggestions?: readonly string[];
  error?: string;
  helpText?: string;
  placeholder?: string;
}

const MAX_OPTIONS = 30;

export function TagsInput({ label, values, onChange, suggestions = [], error, helpText, placeholder }: TagsInputProps) {
  const [input, setInput] = useState("");
  const typed = input.trim();
  const chosen = useMemo(() => new Set(values.map((value) => value.toLowerCase())), [values]);
  const options = useMemo(() => {
    const needle = typed.toLowerCase();
    return suggestions
      .filter((suggestion) => !chosen.has(suggestion.toLowerCase()) && suggestion.toLowerCase().includes(needle))
      .slice(0, MAX_OPTIONS)
      .map((suggestion) => ({ value: suggestion, label: suggestion }));
  }, [suggestions, typed, chosen]);
  const add = (value: string) => {
    const clean = value.trim();
    if (clean && !chosen.has(clean.toLowerCase())) onChange([...values, clean]);
    setInput("");
  };
  const exact = suggestions.some((suggestion) => suggestion.toLowerCase() === typed.toLowerCase());

  return (
    <BlockStack gap="200">
      <Autocomplete
        allowMultiple
        options={options}
        selected={[]}
        onSelect={(selected) => selected.forEach(add)}
        actionBefore={
          typed && !exact && !chosen.has(typed.toLowerCase())
            ? { content: `Add “${typed}”`, onAction: () => add(typed) }
            : undefined
        }
        textField={
          <Autocomplete.TextField
            label={label}
            value={input}
            onChange={setInput}
            placeholder={placeholder}
            helpText={helpText}
            error={error}
            autoComplete="off"
          />
        }
      />
      {values.length > 0 ? (
        <InlineStack gap="100">
          {values.map((value) => (
            <Tag key={value} onRemove={() => onChange(values.filter((other) => other !== value))}>
              {value}
            </Tag>
          ))}
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}
