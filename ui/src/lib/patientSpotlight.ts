import { createSpotlight } from "@mantine/spotlight";

/** The global patient search (Ctrl+K / Cmd+K). */
export const [patientSpotlightStore, patientSpotlight] = createSpotlight();

/**
 * Marks the first result as selected so that Enter opens it. Spotlight selects the
 * first action only when the query changes, but our results arrive later (debounced
 * IPC call), so we select again whenever the result list changes.
 */
export function selectFirstSpotlightResult(): void {
  const { listId } = patientSpotlightStore.getState();
  const list = listId ? document.getElementById(listId) : null;
  if (!list) return;
  list.querySelectorAll("[data-selected]").forEach((el) => el.removeAttribute("data-selected"));
  const first = list.querySelector("[data-action]");
  first?.setAttribute("data-selected", "true");
  patientSpotlightStore.updateState((s) => ({ ...s, selected: first ? 0 : -1 }));
}
