import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// jsdom lacks these browser APIs that Mantine uses.
Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: vi.fn().mockImplementation((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(),
  })),
});

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = ResizeObserverStub as unknown as typeof ResizeObserver;

if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", {
    value: { addEventListener: vi.fn(), removeEventListener: vi.fn(), ready: Promise.resolve() },
  });
}

Element.prototype.scrollIntoView = vi.fn();
// react-big-calendar's slot selection asks which element is under the pointer.
if (!document.elementFromPoint) document.elementFromPoint = () => null;
Element.prototype.scrollTo = vi.fn() as unknown as typeof Element.prototype.scrollTo;
window.scrollTo = vi.fn() as unknown as typeof window.scrollTo;

// The first render of a screen with the whole app shell can take over a second on the two-core
// build machine; Testing Library's default wait (1 s) then fails tests that are not wrong.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
});
