import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../test/utils";
import { DatabaseProblem } from "../DatabaseProblem";

describe("DatabaseProblem", () => {
  it("explains a keychain failure from the Rust side", () => {
    renderWithProviders(
      <DatabaseProblem error={{ code: "keychain", message: "no unlocked system keychain: locked", fieldErrors: [] }} />,
    );
    expect(screen.getByTestId("database-problem")).toHaveTextContent("no unlocked system keychain: locked");
    expect(screen.getByText("The clinic database could not be opened")).toBeInTheDocument();
  });

  it("stays out of the way for other errors", () => {
    renderWithProviders(<DatabaseProblem error={{ code: "not_found", message: "x", fieldErrors: [] }} />);
    expect(screen.queryByTestId("database-problem")).toBeNull();
  });
});
