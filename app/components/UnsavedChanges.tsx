// The unsaved-changes guard of an edit form. Inside Shopify admin: App Bridge's contextual save bar
// (`ui-save-bar`), which also holds back admin navigation. In local admin mode: a Polaris banner
// with Save/Discard, the browser's leave-page prompt, and a confirmation before in-app navigation.
import { useBlocker } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import { Banner, Modal, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useAdminContext } from "./admin-context";

export interface UnsavedChangesProps {
  id: string;
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
}

/** Navigation state that skips the guard: a page navigating after it saved or deleted. */
export const SKIP_GUARD = { skipUnsavedGuard: true } as const;

export function UnsavedChanges({ id, dirty, saving, onSave, onDiscard }: UnsavedChangesProps) {
  const { embedded } = useAdminContext();

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty &&
      currentLocation.pathname !== nextLocation.pathname &&
      !(nextLocation.state as typeof SKIP_GUARD | null)?.skipUnsavedGuard,
  );

  const leaveModal = (
    <Modal
      open={blocker.state === "blocked"}
      onClose={() => blocker.reset?.()}
      title="Leave page with unsaved changes?"
      primaryAction={{ content: "Leave page", destructive: true, onAction: () => blocker.proceed?.() }}
      secondaryActions={[{ content: "Stay", onAction: () => blocker.reset?.() }]}
    >
      <Modal.Section>
        <Text as="p">Leaving this page will discard your changes.</Text>
      </Modal.Section>
    </Modal>
  );

  if (embedded) {
    return (
      <>
        <SaveBar id={id} open={dirty}>
          <button variant="primary" onClick={onSave} loading={saving ? "" : undefined} disabled={saving}></button>
          <button onClick={onDiscard} disabled={saving}></button>
        </SaveBar>
        {leaveModal}
      </>
    );
  }
  return (
    <>
      {dirty ? (
        <Banner
          tone="warning"
          title="Unsaved changes"
          action={{ content: "Save", onAction: onSave, loading: saving }}
          secondaryAction={{ content: "Discard", onAction: onDiscard }}
        >
          <p>Save to apply them to your storefront, or discard them.</p>
        </Banner>
      ) : null}
      {leaveModal}
    </>
  );
}
