// The UI's door to Rust: one typed function per command, generated from the Rust declarations
// (src-tauri/src/command_table.rs) into bindings/commands.ts, and the error helpers.
export { isCommandError, isTransient, toCommandError } from "./ipc";
export * from "./bindings/commands";
